// Live preview of an appraisal's narrative. The server renders it with the same safe Markdown renderer as the
// published page, so what the librarian sees is exactly what readers will get (and never script).
const DELAY_MS = 300;

for (const textarea of document.querySelectorAll('textarea[data-preview]')) {
  const preview = document.getElementById(textarea.dataset.preview);
  const token = textarea.form.querySelector('input[name="__RequestVerificationToken"]').value;
  let timer;
  let latest = 0;

  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const request = ++latest;
      const body = new FormData();
      body.append('narrative', textarea.value);
      body.append('__RequestVerificationToken', token);
      const response = await fetch(textarea.dataset.previewUrl, { method: 'POST', body, credentials: 'same-origin' });
      // Answers can arrive out of order: only the newest text is shown.
      if (response.ok && request === latest) preview.innerHTML = await response.text();
    }, DELAY_MS);
  });
}
