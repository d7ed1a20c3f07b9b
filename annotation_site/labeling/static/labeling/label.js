// The labeling loop: fetch a leased face, vote with keys 1-7 (0 skips), load the next face
// without reloading the page. Talks only to /api/v1/ with the session cookie + CSRF token.
(function () {
  "use strict";
  const root = document.getElementById("labeler");
  const img = document.getElementById("face");
  const statusLine = document.getElementById("status");
  const today = document.getElementById("count-today");
  const total = document.getElementById("count-total");
  const buttons = Array.from(document.querySelectorAll(".choice, #skip"));
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  let task = null;
  let shownAt = 0;
  let busy = false;

  function setEnabled(on) { buttons.forEach((b) => { b.disabled = !on; }); }

  function show(message) {
    statusLine.textContent = message;
  }

  async function api(url, options) {
    const response = await fetch(url, Object.assign({
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
    }, options));
    if (response.status === 401 || response.status === 403) { window.location.reload(); }
    return response;
  }

  async function loadNext() {
    setEnabled(false);
    task = null;
    const response = await api(root.dataset.nextUrl, { method: "GET" });
    if (response.status === 204) {
      img.hidden = true;
      show("All done: there is nothing left for you to label. Thank you!");
      return;
    }
    if (!response.ok) { show("Could not load a face (" + response.status + "). Retrying…"); setTimeout(loadNext, 3000); return; }
    task = await response.json();
    img.onload = () => { shownAt = performance.now(); show("Face " + task.image); setEnabled(true); busy = false; };
    img.onerror = () => { show("The image failed to load; skipping it."); submit(null); };
    img.hidden = false;
    img.dataset.image = String(task.image);
    img.src = task.image_url;
  }

  async function submit(label) {
    if (!task || busy) { return; }
    busy = true;
    setEnabled(false);
    const payload = { image: task.image };
    let response;
    if (label === null) {
      response = await api(root.dataset.skipUrl, { method: "POST", body: JSON.stringify(payload) });
    } else {
      payload.label = label;
      payload.time_taken_ms = Math.round(performance.now() - shownAt);
      response = await api(root.dataset.voteUrl, { method: "POST", body: JSON.stringify(payload) });
      if (response.status === 201) {
        today.textContent = String(Number(today.textContent) + 1);
        total.textContent = String(Number(total.textContent) + 1);
      }
    }
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      show(body.detail || ("Error " + response.status));
    }
    busy = false;
    loadNext();
  }

  buttons.forEach((b) => b.addEventListener("click", () => submit(b.dataset.label || null)));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    const button = buttons.find((b) => b.dataset.key === event.key);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
  loadNext();
})();
