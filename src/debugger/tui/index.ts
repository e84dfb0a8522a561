/**
 * The TUI's entry: sets the environment React and ink read at load before
 * loading them (this import comes first), then the full-screen debugger.
 */
import './interactive-env.js';

export { runTui, type TuiOptions } from './run-tui.js';
