import { afterAll } from 'vitest';
import { removeScratchDirs } from '../helpers/scratch-dirs.ts';

// A setup file: its afterAll is registered first, so it runs after the file's own hooks.
afterAll(removeScratchDirs);
