import { Module } from '@nestjs/common';
import { PatternsController } from './patterns.controller.js';

@Module({ controllers: [PatternsController] })
export class PatternsModule {}
