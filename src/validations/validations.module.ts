import { Module } from '@nestjs/common';
import { ValidationsController } from './validations.controller.js';
import { ValidationsService } from './validations.service.js';
import { YamlBodyParser } from './yaml-body.js';

@Module({ controllers: [ValidationsController], providers: [ValidationsService, YamlBodyParser] })
export class ValidationsModule {}
