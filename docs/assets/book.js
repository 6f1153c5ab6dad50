// Render the math with the KaTeX this site serves itself (no CDN). Material's
// `document$` fires on the first load and after every instant-navigation page switch.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "\\[", right: "\\]", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
    ],
    throwOnError: false,
  });
});

// The header's link to the notation page (overrides/partials/header.html) is relative
// to the page first loaded, and instant navigation keeps the header: after each page
// switch, point it from the home page's address, which the logo's link holds.
document$.subscribe(() => {
  const home = document.querySelector("[data-md-component=logo]");
  for (const link of document.querySelectorAll("a[data-book-path]")) {
    link.href = new URL(link.dataset.bookPath, home.href).href;
  }
});

// A figure drawn wider than the screen is shown scaled down to the text's width
// (book.css). Such a figure is marked .figure-zoomable, and a tap, a click, or Enter
// on it shows it at the size it was drawn, in a view that scrolls both ways; a tap
// anywhere in that view, its Close button or Escape closes it. Nothing is fetched:
// the view shows the image the page already has (a notebook's is inline).
(() => {
  const FIGURES = "article img[data-density]";

  function drawnWidth(img) {
    return Number(img.getAttribute("width")) ||
      img.naturalWidth / (Number(img.dataset.density) || 1);
  }

  function shrunk(img) {
    return img.offsetParent !== null && !img.closest(".replay-live") &&
      img.clientWidth > 1 && img.clientWidth + 1 < drawnWidth(img);
  }

  function mark() {
    for (const img of document.querySelectorAll(FIGURES)) {
      const zoomable = shrunk(img);
      if (zoomable === img.classList.contains("figure-zoomable")) continue;
      img.classList.toggle("figure-zoomable", zoomable);
      if (zoomable) {
        img.tabIndex = 0;
        img.setAttribute("role", "button");
        img.title = "Show at full size";
      } else {
        img.removeAttribute("tabindex");
        img.removeAttribute("role");
        img.removeAttribute("title");
      }
    }
  }

  function open(img) {
    const view = document.createElement("dialog");
    view.className = "figure-zoom";
    view.setAttribute("aria-label", `${img.alt.split(/[.:]/)[0]}, at full size`);
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    const full = document.createElement("img");
    full.src = img.currentSrc || img.src;
    full.alt = img.alt;
    full.width = drawnWidth(img);
    full.dataset.zoomOf = img.getAttribute("src");
    view.append(close, full);
    view.addEventListener("click", () => view.close());
    view.addEventListener("close", () => {
      view.remove();
      img.focus({ preventScroll: true });
    });
    document.body.append(view);
    view.showModal();
    close.focus({ preventScroll: true });
  }

  document.addEventListener("click", (event) => {
    const img = event.target.closest?.("img.figure-zoomable");
    if (img) open(img);
  });
  document.addEventListener("keydown", (event) => {
    const img = event.target.closest?.("img.figure-zoomable");
    if (img && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(img);
    }
  });
  window.addEventListener("resize", mark);
  window.addEventListener("load", mark);
  document.addEventListener("load", (event) => {  // an image that loads late
    if (event.target.matches?.(FIGURES)) mark();
  }, true);
  // A replay's player takes the place of its picture (docs/assets/replay.js).
  new MutationObserver(mark).observe(document.body, {
    subtree: true, attributes: true, attributeFilter: ["data-replay"] });
  document$.subscribe(() => mark());
})();
