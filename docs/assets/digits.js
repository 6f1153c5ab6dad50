// Chapter 18's drawing pad: an 8x8 grid the reader paints, and the ten probabilities
// of the network the build trained, computed here by the same forward pass as the
// package's Model.predict_proba: pixels / input_scale, Dense (x W + b), ReLU, ...,
// and a softmax that subtracts the largest score first. The weights come from the
// model.json the build publishes beside the page; nothing is asked of another host.
// window.nnfsDigits.predict(pixels) gives the probabilities for 64 pixels 0..16
// (the browser tests compare it with the package's); .ready resolves when loaded.
(function () {
  "use strict";

  const SIZE = 8; // 8x8 cells
  const MAX_INK = 16; // a cell holds 0..16, like the data set's pixels
  const BRUSH_RADIUS = 0.55; // the soft brush's spread, in cells
  const BRUSH_INK = 4; // ink added at the brush's centre per dab
  const DAB_SPACING = 0.25; // cells between two dabs along a stroke
  const models = new Map(); // model URL -> Promise of its JSON, loaded once

  function forward(model, pixels) {
    if (!pixels || pixels.length !== SIZE * SIZE) {
      throw new Error(`predict needs ${SIZE * SIZE} pixels, got ${pixels && pixels.length}`);
    }
    let values = Array.from(pixels, (pixel) => Number(pixel) / model.input_scale);
    for (const layer of model.layers) {
      if (layer.kind === "dense") {
        const sums = new Array(layer.biases.length).fill(0);
        values.forEach((value, i) => {
          const row = layer.weights[i];
          for (let j = 0; j < sums.length; j++) sums[j] += value * row[j];
        });
        values = sums.map((sum, j) => sum + layer.biases[j]);
      } else if (layer.kind === "relu") {
        values = values.map((value) => Math.max(0, value));
      } else {
        throw new Error(`unknown layer kind ${layer.kind}`);
      }
    }
    const top = Math.max(...values);
    const exps = values.map((value) => Math.exp(value - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function build(pad, model, modelUrl) {
    const ink = new Float64Array(SIZE * SIZE); // what the reader drew, 0..16 per cell
    const board = element("div", "digits-pad__board");
    const grid = element("div", "digits-pad__grid");
    grid.setAttribute("role", "img");
    grid.setAttribute("aria-label", "An 8 by 8 grid to draw a digit in. With the " +
      "keyboard: arrow keys move, Space inks a cell, Shift and an arrow draw a line.");
    grid.tabIndex = 0; // the keyboard draws too
    const cells = [];
    for (let i = 0; i < SIZE * SIZE; i++) cells.push(grid.appendChild(element("div", "digits-pad__cell")));
    const buttons = element("div", "digits-pad__buttons");
    const clear = buttons.appendChild(element("button", "digits-pad__clear", "Clear"));
    clear.type = "button";
    buttons.appendChild(element("span", "digits-pad__hint", "Or load a test digit:"));
    const examples = buttons.appendChild(element("div", "digits-pad__examples"));
    for (const example of model.examples) {
      const button = examples.appendChild(element("button", "digits-pad__example", String(example.digit)));
      button.type = "button";
      button.title = `Load the first test digit ${example.digit}`;
      button.setAttribute("aria-label", button.title);
      button.addEventListener("click", () => {
        ink.set(example.pixels);
        update();
      });
    }
    board.append(grid, buttons);

    const result = element("div", "digits-pad__result");
    const answer = result.appendChild(element("p", "digits-pad__answer"));
    answer.setAttribute("aria-live", "polite");
    const bars = result.appendChild(element("ol", "digits-pad__bars"));
    const rows = [];
    for (let digit = 0; digit < 10; digit++) {
      const row = bars.appendChild(element("li", "digits-pad__row"));
      row.appendChild(element("span", "digits-pad__digit", String(digit)));
      const bar = row.appendChild(element("span", "digits-pad__bar"));
      const fill = bar.appendChild(element("span", "digits-pad__fill"));
      const value = row.appendChild(element("span", "digits-pad__value"));
      rows.push({ row, fill, value });
    }
    const source = result.appendChild(element("p", "digits-pad__source"));
    const link = source.appendChild(element("a", "", "the weights (JSON)"));
    link.href = modelUrl;
    source.prepend("The network's: ");

    let pending = false;
    function update() {
      cells.forEach((cell, i) => cell.style.setProperty("--ink", (ink[i] / MAX_INK).toFixed(3)));
      const probabilities = forward(model, ink);
      const blank = ink.every((v) => v === 0);
      const best = probabilities.indexOf(Math.max(...probabilities));
      rows.forEach(({ row, fill, value }, digit) => {
        fill.style.width = `${(100 * probabilities[digit]).toFixed(2)}%`;
        value.textContent = `${(100 * probabilities[digit]).toFixed(1)}%`;
        row.classList.toggle("is-top", digit === best && !blank);
      });
      answer.textContent = blank
        ? "Draw a digit in the grid."
        : `The network reads ${best === 8 ? "an" : "a"} ${best} ` +
          `(${(100 * probabilities[best]).toFixed(1)}%).`;
      pad.dataset.prediction = String(best);
      pending = false;
    }
    function schedule() {
      if (!pending) {
        pending = true;
        requestAnimationFrame(update);
      }
    }

    function dab(x, y) { // add ink around (x, y), in cells, with a Gaussian falloff
      for (let row = 0; row < SIZE; row++) {
        for (let column = 0; column < SIZE; column++) {
          const dx = column + 0.5 - x, dy = row + 0.5 - y;
          const added = BRUSH_INK * Math.exp(-(dx * dx + dy * dy) / (2 * BRUSH_RADIUS ** 2));
          const i = row * SIZE + column;
          ink[i] = Math.min(MAX_INK, ink[i] + added);
        }
      }
    }
    let last = null; // where the stroke's pointer was, in cells; null between strokes
    let travelled = 0; // how far the stroke has gone since its last dab, in cells
    function at(event) {
      const box = grid.getBoundingClientRect();
      return [SIZE * (event.clientX - box.left) / box.width,
              SIZE * (event.clientY - box.top) / box.height];
    }
    // A dab every DAB_SPACING cells along the pointer's path, however many events
    // the browser sends: the ink depends on the path drawn, not on the drawing's speed.
    function stroke(event) {
      const [x, y] = at(event);
      if (last === null) { // the stroke starts: one dab where it starts
        dab(x, y);
        travelled = 0;
      } else {
        const [x0, y0] = last;
        const length = Math.hypot(x - x0, y - y0);
        let next = DAB_SPACING - travelled; // how far along this move the next dab is
        for (; next <= length; next += DAB_SPACING) {
          dab(x0 + (x - x0) * next / length, y0 + (y - y0) * next / length);
        }
        travelled = length - (next - DAB_SPACING); // since the last dab
      }
      last = [x, y];
      schedule();
    }
    grid.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      grid.setPointerCapture(event.pointerId);
      last = null;
      stroke(event);
    });
    grid.addEventListener("pointermove", (event) => {
      if (grid.hasPointerCapture(event.pointerId)) stroke(event);
    });
    for (const type of ["pointerup", "pointercancel"]) {
      grid.addEventListener(type, () => { last = null; });
    }

    // The keyboard: a cursor cell that the arrow keys move; Space (or Enter) inks it
    // as a short stroke would, and Shift with an arrow inks each cell it moves to.
    const cursor = [3, 3]; // [row, column]
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    function showCursor() {
      cells.forEach((cell, i) => cell.classList.toggle(
        "is-cursor", i === cursor[0] * SIZE + cursor[1]));
    }
    function inkCursor() {
      for (let k = 0; k < 4; k++) dab(cursor[1] + 0.5, cursor[0] + 0.5);
      schedule();
    }
    grid.addEventListener("keydown", (event) => {
      const move = moves[event.key];
      if (move) {
        cursor[0] = Math.min(SIZE - 1, Math.max(0, cursor[0] + move[0]));
        cursor[1] = Math.min(SIZE - 1, Math.max(0, cursor[1] + move[1]));
        if (event.shiftKey) inkCursor();
      } else if (event.key === " " || event.key === "Enter") {
        inkCursor();
      } else {
        return; // Tab and every other key keep their usual meaning
      }
      event.preventDefault(); // no scrolling the page
      showCursor();
    });
    showCursor();
    clear.addEventListener("click", () => {
      ink.fill(0);
      update();
    });

    pad.append(board, result);
    pad.classList.add("digits-pad--ready");
    update();
  }

  function start(pad) {
    const link = pad.querySelector("a.digits-pad__model");
    const fallback = pad.querySelector(".digits-pad__fallback");
    if (!link) return Promise.reject(new Error("the drawing pad has no model link"));
    const url = link.href; // absolute, resolved against this page
    if (!models.has(url)) {
      models.set(url, fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
        return response.json();
      }));
    }
    return models.get(url).then((model) => {
      build(pad, model, url);
      return model;
    }, (error) => {
      models.delete(url); // try again on the next visit
      if (fallback) fallback.textContent = `The drawing pad could not load its network (${error.message}).`;
      throw error;
    });
  }

  function noPad() {
    const none = Promise.reject(new Error("this page has no drawing pad"));
    none.catch(() => {}); // not an unhandled rejection: asking for it is optional
    return none;
  }
  let loaded = noPad(); // the promise of the model of the page shown now
  let current = null; // that model, once loaded
  window.nnfsDigits = {
    get ready() { return loaded; },
    predict(pixels) {
      if (!current) throw new Error("the digits model is not loaded yet: await nnfsDigits.ready");
      return forward(current, pixels);
    },
  };

  // Material's document$ fires on the first load and after every instant navigation.
  document$.subscribe(() => {
    current = null;
    const pad = document.querySelector(".digits-pad:not(.digits-pad--ready)");
    if (!pad) {
      loaded = noPad();
      return;
    }
    loaded = start(pad).then((model) => { current = model; return model; });
    loaded.catch(() => {});
  });
})();
