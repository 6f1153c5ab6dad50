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
