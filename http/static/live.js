// Follows a meeting in session without reloading. The page works without
// this script (reload it to see the changes); with it, one stream per page
// tells what changed, and the page fetches itself again and replaces the
// region that shows the sitting. Events say only what changed and the
// state's version: a page already at that version does nothing.
"use strict";

(() => {
  const region = document.querySelector("[data-live]");
  if (!region || !window.EventSource || !window.fetch) return;
  let version = Number(region.dataset.version || 0);
  let busy = false;
  let again = false;

  const refresh = async () => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const res = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (res.ok) {
        const doc = new DOMParser().parseFromString(await res.text(), "text/html");
        const fresh = doc.querySelector("[data-live]");
        const current = document.querySelector("[data-live]");
        if (fresh && current) {
          // Keep the keyboard where it was: the element with focus is
          // found again by its id or name once the region is replaced.
          const focused = document.activeElement;
          const key = focused && (focused.id || focused.getAttribute("data-give"));
          current.replaceWith(fresh);
          version = Number(fresh.dataset.version || version);
          if (key) {
            const target = document.getElementById(key) || fresh.querySelector('[data-give="' + CSS.escape(key) + '"]');
            if (target) target.focus();
          }
        }
      }
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  };

  const source = new EventSource(region.dataset.live);
  source.onmessage = (e) => {
    let ev;
    try { ev = JSON.parse(e.data); } catch { return; }
    if (ev.version > version || ev.kind === "session_opened") refresh();
  };
  source.addEventListener("reset", refresh);
})();
