// The shell's name for the validation decorators; they live in the core, which the preset
// parameter classes use as well.
export * from '../core/model/validators.js';
