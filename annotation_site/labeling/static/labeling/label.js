// The labeling loop: fetch a leased face, vote with keys 1-7 (0 skips), load the next face
// without reloading the page. Talks only to /api/v1/ with the session cookie + CSRF token.
(function () {
  "use strict";
  const root = document.getElementById("labeler");
  const img = document.getElementById("face");
  const frame = document.getElementById("face-frame");
  const statusLine = document.getElementById("status");
  const notice = document.getElementById("notice");
  const today = document.getElementById("count-today");
  const total = document.getElementById("count-total");
  const buttons = Array.from(document.querySelectorAll(".choice, #skip"));
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const RETRY_MS = 3000;
  // What the annotator reads for the API's error codes (the API's own detail otherwise).
  const FRIENDLY = {
    no_live_lease: "That face was held too long and went back to the pool; your answer was not saved.",
    already_voted: "You had already labeled that face; the earlier answer stands.",
  };
  let task = null;
  let shownAt = 0;
  let busy = false;

  class SessionEnded extends Error {}

  function setEnabled(on) {
    buttons.forEach((b) => { b.disabled = !on; });
    root.setAttribute("aria-busy", on ? "false" : "true");
  }

  function show(message) { statusLine.textContent = message; }

  // An error stays on screen until the next answer is saved, though the next face loads at once.
  function warn(message) {
    notice.textContent = message;
    notice.hidden = false;
  }

  function clearWarning() {
    notice.hidden = true;
    notice.textContent = "";
  }

  async function api(url, options) {
    const response = await fetch(url, Object.assign({
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
    }, options));
    if (response.status === 401 || response.status === 403) {
      // Logged out (or the session expired) in the meantime: the page itself sends to the login.
      show("Your session has ended; reloading…");
      window.location.reload();
      throw new SessionEnded();
    }
    return response;
  }

  async function errorText(response) {
    const body = await response.json().catch(() => ({}));
    return FRIENDLY[body.error] || body.detail || ("The server answered " + response.status + ".");
  }

  function allDone() {
    task = null;
    img.hidden = true;
    img.removeAttribute("src");
    delete img.dataset.image;
    root.classList.add("done");
    root.setAttribute("aria-busy", "false");
    show("All done: there is nothing left for you to label. Thank you!");
  }

  async function loadNext() {
    setEnabled(false);
    task = null;
    frame.classList.add("loading");
    let response;
    try {
      response = await api(root.dataset.nextUrl, { method: "GET" });
    } catch (error) {
      if (error instanceof SessionEnded) { return; }
      show("Cannot reach the server; retrying…");
      setTimeout(loadNext, RETRY_MS);
      return;
    }
    if (response.status === 204) { allDone(); return; }
    if (!response.ok) {
      show("Could not load a face (" + (await errorText(response)) + ") Retrying…");
      setTimeout(loadNext, RETRY_MS);
      return;
    }
    task = await response.json();
    img.onload = () => {
      shownAt = performance.now();
      frame.classList.remove("loading");
      img.alt = "Face " + task.image + " to label";
      show("Face " + task.image);
      busy = false;
      setEnabled(true);
    };
    img.onerror = () => { warn("Face " + task.image + " could not be shown, so it was skipped."); submit(null); };
    img.hidden = false;
    img.dataset.image = String(task.image);
    img.src = task.image_url;
  }

  async function submit(label) {
    if (!task || busy) { return; }
    busy = true;
    setEnabled(false);
    const payload = { image: task.image };
    const url = label === null ? root.dataset.skipUrl : root.dataset.voteUrl;
    if (label !== null) {
      payload.label = label;
      payload.time_taken_ms = Math.round(performance.now() - shownAt);
    }
    let response;
    try {
      response = await api(url, { method: "POST", body: JSON.stringify(payload) });
    } catch (error) {
      if (error instanceof SessionEnded) { return; }
      // Nothing was acknowledged: keep the same face and let the annotator press again.
      warn("Cannot reach the server; your answer was not saved. Try again.");
      busy = false;
      setEnabled(true);
      return;
    }
    if (response.ok) { clearWarning(); }
    if (response.status === 201) {
      today.textContent = String(Number(today.textContent) + 1);
      total.textContent = String(Number(total.textContent) + 1);
    } else if (!response.ok) {
      warn(await errorText(response));
    }
    busy = false;
    loadNext();
  }

  function flash(button) {
    button.classList.add("chosen");
    setTimeout(() => button.classList.remove("chosen"), 250);
  }

  buttons.forEach((b) => b.addEventListener("click", () => { flash(b); submit(b.dataset.label || null); }));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) { return; }  // a held key votes once
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) { return; }
    const button = buttons.find((b) => b.dataset.key === event.key);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
  loadNext();
})();
