// Types of scripts/sdk.mjs for the tests that import it.
export declare const SPEC_FILE: string;
export declare const SDK_DIR: string;
export declare const GENERATED: string;
export declare function generateSdk(packageDir?: string, spec?: string): Promise<void>;
export declare function packageJsonFor(packageDir?: string, spec?: string): string;
