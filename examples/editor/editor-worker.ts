// Monaco's editor worker (diffing, word ranges and other model work off the
// page's thread), bundled by the server and served as editor.worker.js.
import 'monaco-editor/editor/editor.worker.js';
