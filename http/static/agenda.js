// Reordering an agenda by drag, on top of the "Move up" and "Move down"
// buttons, which work without this script and remain the way to do it by
// keyboard. A drop moves the item on the page, tells the server through the
// API, and undoes itself (by reloading the agenda as the server has it) if
// the server refuses.
"use strict";

document.querySelectorAll("ol[data-reorder]").forEach((list) => {
  const base = list.dataset.reorder;
  const status = document.querySelector("[data-reorder-status]");
  const help = document.querySelector("[data-reorder-help]");
  if (help) help.hidden = false;
  let dragged = null;
  let before = null; // the order when the drag began, to undo a cancelled one

  const items = () => Array.from(list.children);

  // The buttons stay true to the order: the first cannot go up, the last
  // cannot go down.
  const refresh = () => {
    const all = items();
    all.forEach((li, i) => {
      const up = li.querySelector('[data-move="up"]');
      const down = li.querySelector('[data-move="down"]');
      if (up) up.disabled = i === 0;
      if (down) down.disabled = i === all.length - 1;
    });
  };

  items().forEach((li) => {
    li.draggable = true;
    li.addEventListener("dragstart", (e) => {
      dragged = li;
      before = items();
      li.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", li.dataset.id);
    });
    li.addEventListener("dragend", () => {
      li.classList.remove("dragging");
      // A drag let go outside the list, or cancelled with Escape, leaves
      // the agenda as it was.
      if (before) before.forEach((x) => list.appendChild(x));
      dragged = before = null;
    });
    li.addEventListener("dragover", (e) => {
      if (!dragged) return;
      e.preventDefault(); // over any item, the dragged one too, a drop is allowed
      if (dragged === li) return;
      const box = li.getBoundingClientRect();
      const after = e.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? li.nextSibling : li);
    });
    li.addEventListener("drop", async (e) => {
      e.preventDefault();
      const moved = dragged || li;
      const position = items().indexOf(moved) + 1;
      before = null;
      refresh();
      try {
        const res = await fetch(base + "/" + moved.dataset.id + "/move", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ position: position }),
        });
        if (!res.ok) throw new Error("status " + res.status);
        if (status) status.textContent = moved.querySelector("[lang]").textContent + ": " + position;
      } catch (err) {
        window.location.reload();
      }
    });
  });
});
