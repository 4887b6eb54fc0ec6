// The propose form, with scripts on: shows the question as the club will read it and the similar questions already
// in the network while the GP types. Without scripts, "Check my question" does the same on the server.
// Everything from the server is written with textContent: no user text ever becomes markup.
const form = document.getElementById('propose-form');
const similar = document.getElementById('similar-live');
const preview = document.getElementById('sentence-preview');

if (form && similar && preview) {
  const field = (name) => form.elements.namedItem(`Input.${name}`);
  const parts = ['Population', 'Intervention', 'Comparison', 'Outcome', 'Type', 'ClubId'];
  let timer;
  let latest = 0;

  const tagClass = (status) =>
    status === 'answered' ? 'nhsuk-tag nhsuk-tag--green'
      : status === 'declined' || status === 'duplicate' ? 'nhsuk-tag nhsuk-tag--grey'
        : status === 'proposed' ? 'nhsuk-tag nhsuk-tag--white' : 'nhsuk-tag nhsuk-tag--blue';

  const element = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // "I have this question too" posts like the server-rendered button, with the page's antiforgery token.
  const askForm = (id, title) => {
    const ask = element('form');
    ask.method = 'post';
    ask.action = `/questions/new?handler=Ask&questionId=${encodeURIComponent(id)}`;
    const token = form.querySelector('input[name="__RequestVerificationToken"]');
    if (token) ask.append(Object.assign(element('input'), { type: 'hidden', name: token.name, value: token.value }));
    // The button names its question (for screen readers), as each suggestion has one.
    const button = Object.assign(element('button', 'nhsuk-button nhsuk-button--secondary nhsuk-button--small', 'I have this question too'), { type: 'submit' });
    button.append(element('span', 'nhsuk-u-visually-hidden', `: ${title}`));
    ask.append(button);
    return ask;
  };

  const render = ({ sentence, similar: found }) => {
    preview.hidden = !sentence;
    preview.querySelector('[data-testid="sentence"]').textContent = sentence ?? '';
    similar.replaceChildren();
    if (found.length === 0) return;
    similar.append(element('h2', 'nhsuk-heading-s', 'Already in the network'));
    const list = element('ul', 'nhsuk-list');
    for (const s of found) {
      const item = element('li', 'impacte-similar');
      item.dataset.testid = 'similar-item';
      const link = element('a', null, s.title);
      link.href = `/questions/${encodeURIComponent(s.id)}`;
      item.append(link, ' ', element('strong', tagClass(s.status), s.status[0].toUpperCase() + s.status.slice(1)));
      if (s.bottomLine) item.append(element('p', 'nhsuk-body-s', `Bottom line: ${s.bottomLine}`));
      if (s.status !== 'duplicate') item.append(askForm(s.id, s.title));
      list.append(item);
    }
    similar.append(list);
  };

  const refresh = async () => {
    const query = new URLSearchParams();
    for (const name of parts) query.set(name.charAt(0).toLowerCase() + name.slice(1), field(name)?.value ?? '');
    const ticket = ++latest;
    try {
      const response = await fetch(`${form.dataset.previewUrl}&${query}`, { headers: { Accept: 'application/json' } });
      if (response.ok && ticket === latest) render(await response.json());
    } catch {
      // Offline or signed out: the "Check my question" button still works.
    }
  };

  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
}
