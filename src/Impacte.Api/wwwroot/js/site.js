// Loaded as a module: marks the page as script-enabled (the NHS template does this inline, which our CSP forbids)
// and starts the NHS.UK frontend components (header menu, error summary focus…).
import { initAll } from '/lib/nhsuk-frontend/nhsuk-frontend.min.js';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
