// Screening by keyboard: I includes the record on screen, E moves to the first exclusion reason (arrow keys then
// choose, Enter excludes). Ignored while typing in a field, so a note can contain both letters.
document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.matches('input[type=text], textarea, select') || target.isContentEditable)) return;
    const key = event.key.toLowerCase();
    if (key === 'i') {
        event.preventDefault();
        document.querySelector('[data-testid=include]')?.click();
    } else if (key === 'e') {
        event.preventDefault();
        (document.querySelector('input[name=Reason]:checked') ?? document.querySelector('input[name=Reason]'))?.focus();
    }
});
