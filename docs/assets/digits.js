// Chapter 23's drawing pad: a 28x28 grid the reader inks, prepared as MNIST's digits
// were (nnfs_lit.mnist.fit_and_centre: the ink's box scaled to fit 20x20, keeping its
// shape, then moved so that its centre of mass is the centre), and the ten
// probabilities of the network the build trained, computed here by the same forward
// pass as the package's Model.predict_proba: the convolutions, ReLU, max pooling,
// dense layers, and a softmax that subtracts the largest score first. The weights come
// from the model.json the build publishes beside the page; nothing is asked of
// another host.
// window.nnfsDigits.prepare(ink) gives the prepared 784 values for 784 values of ink
// 0..1, .predict(ink) the ten probabilities of the prepared ink, and .ink() what the
// pad holds now (the browser tests compare them with the package's); .ready
// resolves when the model is loaded.
(function () {
  "use strict";

  const SIZE = 28; // 28x28 cells
  const BRUSH_RADIUS = 0.9; // the soft brush's spread, in cells, for a digit 22 cells tall
  const BRUSH_INK = 0.35; // ink added at the brush's centre per dab, of at most 1
  const FULL_EXTENT = 22; // a digit this many cells across gets the full brush...
  const SMALLEST_PEN = 0.35; // ...a smaller one a brush that much thinner, down to this share
  const DAB_SPACING = 0.25; // cells between two dabs along a stroke
  const models = new Map(); // model URL -> Promise of its JSON, loaded once

  // area_weights in nnfs_lit/mnist.py: (nOut x nIn) shares of each in-cell under
  // each out-cell of the same total length; each row sums to 1.
  function areaWeights(nIn, nOut) {
    const weights = [];
    for (let i = 0; i < nOut; i++) {
      const row = new Float64Array(nIn);
      const start = i * nIn / nOut, end = (i + 1) * nIn / nOut;
      for (let j = 0; j < nIn; j++) {
        const overlap = Math.min(end, j + 1) - Math.max(start, j);
        row[j] = Math.max(overlap, 0) * nOut / nIn;
      }
      weights.push(row);
    }
    return weights;
  }

  // fit_and_centre in nnfs_lit/mnist.py, step for step: 784 values of ink 0..1 in,
  // 784 prepared values out.
  function prepare(ink, side = SIZE, boxSize = 20) {
    if (!ink || ink.length !== side * side) {
      throw new Error(`prepare needs ${side * side} values of ink, got ${ink && ink.length}`);
    }
    const at = (row, column) => ink[row * side + column];
    const rows = [], columns = [];
    for (let k = 0; k < side; k++) {
      let rowInk = false, columnInk = false;
      for (let m = 0; m < side; m++) {
        if (at(k, m) > 0) rowInk = true;
        if (at(m, k) > 0) columnInk = true;
      }
      if (rowInk) rows.push(k);
      if (columnInk) columns.push(k);
    }
    const centred = new Float64Array(side * side);
    if (rows.length === 0) return centred;
    const top0 = rows[0], left0 = columns[0];
    const h = rows[rows.length - 1] - top0 + 1, w = columns[columns.length - 1] - left0 + 1;
    const scale = boxSize / Math.max(h, w);
    const height = Math.max(1, Math.floor(h * scale + 0.5));
    const width = Math.max(1, Math.floor(w * scale + 0.5));
    const down = areaWeights(h, height), across = areaWeights(w, width);
    // fitted = down @ box @ across^T, (height x width)
    const half = []; // (height x w): down @ box
    for (let i = 0; i < height; i++) {
      const row = new Float64Array(w);
      for (let j = 0; j < w; j++) {
        let sum = 0;
        for (let k = 0; k < h; k++) sum += down[i][k] * at(top0 + k, left0 + j);
        row[j] = sum;
      }
      half.push(row);
    }
    const placed = new Float64Array(side * side);
    const top = Math.floor((side - height) / 2), left = Math.floor((side - width) / 2);
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        let sum = 0;
        for (let k = 0; k < w; k++) sum += half[i][k] * across[j][k];
        placed[(top + i) * side + left + j] = sum;
      }
    }
    let mass = 0, rowMoment = 0, columnMoment = 0;
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const value = placed[r * side + c];
        mass += value;
        rowMoment += r * value;
        columnMoment += c * value;
      }
    }
    const moveDown = Math.floor(side / 2 - rowMoment / mass + 1e-9);
    const moveRight = Math.floor(side / 2 - columnMoment / mass + 1e-9);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const from = [r - moveDown, c - moveRight];
        if (from[0] >= 0 && from[0] < side && from[1] >= 0 && from[1] < side) {
          centred[r * side + c] = placed[from[0] * side + from[1]];
        }
      }
    }
    return centred;
  }

  // The layers' forward passes on a flat array and its shape [channels, height, width]
  // (or [n] for rows), as chapter 22's layers compute them for one sample.
  function conv2d(layer, values, shape) {
    const [c, h, w] = shape;
    const o = layer.weights.length, kh = layer.weights[0][0].length;
    const kw = layer.weights[0][0][0].length;
    const [sh, sw] = layer.stride, [ph, pw] = layer.padding;
    const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
    const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
    const out = new Float64Array(o * oh * ow);
    for (let f = 0; f < o; f++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let sum = 0;
          for (let ch = 0; ch < c; ch++) {
            for (let k = 0; k < kh; k++) {
              const row = i * sh + k - ph;
              if (row < 0 || row >= h) continue; // the padding: zeros
              for (let m = 0; m < kw; m++) {
                const column = j * sw + m - pw;
                if (column < 0 || column >= w) continue;
                sum += layer.weights[f][ch][k][m] * values[(ch * h + row) * w + column];
              }
            }
          }
          out[(f * oh + i) * ow + j] = sum + layer.biases[f];
        }
      }
    }
    return [out, [o, oh, ow]];
  }

  function maxpool2d(layer, values, shape) {
    const [c, h, w] = shape, [bh, bw] = layer.size;
    const oh = Math.floor(h / bh), ow = Math.floor(w / bw);
    const out = new Float64Array(c * oh * ow);
    for (let ch = 0; ch < c; ch++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let top = -Infinity;
          for (let a = 0; a < bh; a++) {
            for (let b = 0; b < bw; b++) {
              top = Math.max(top, values[(ch * h + i * bh + a) * w + j * bw + b]);
            }
          }
          out[(ch * oh + i) * ow + j] = top;
        }
      }
    }
    return [out, [c, oh, ow]];
  }

  function dense(layer, values) {
    const sums = new Float64Array(layer.biases.length);
    values.forEach((value, i) => {
      const row = layer.weights[i];
      for (let j = 0; j < sums.length; j++) sums[j] += value * row[j];
    });
    return sums.map((sum, j) => sum + layer.biases[j]);
  }

  function forward(model, prepared) {
    let values = Float64Array.from(prepared), shape = [values.length];
    for (const layer of model.layers) {
      if (layer.kind === "reshape") {
        shape = layer.shape.slice();
      } else if (layer.kind === "conv2d") {
        [values, shape] = conv2d(layer, values, shape);
      } else if (layer.kind === "maxpool2d") {
        [values, shape] = maxpool2d(layer, values, shape);
      } else if (layer.kind === "flatten") {
        shape = [values.length]; // channel by channel, row by row: already so
      } else if (layer.kind === "dense") {
        values = dense(layer, values);
        shape = [values.length];
      } else if (layer.kind === "relu") {
        values = values.map((value) => Math.max(0, value));
      } else {
        throw new Error(`unknown layer kind ${layer.kind}`);
      }
    }
    const top = Math.max(...values);
    const exps = Array.from(values, (value) => Math.exp(value - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function grid(className, label) {
    const made = element("div", `digits-pad__grid ${className}`);
    made.setAttribute("role", "img");
    made.setAttribute("aria-label", label);
    const cells = [];
    for (let i = 0; i < SIZE * SIZE; i++) cells.push(made.appendChild(element("div", "digits-pad__cell")));
    return [made, cells];
  }

  function build(pad, model, modelUrl) {
    const ink = new Float64Array(SIZE * SIZE); // what the reader drew, 0..1 per cell
    const loadedInk = new Float64Array(SIZE * SIZE); // a test digit loaded with a button
    const dabs = []; // [x, y] of every dab of the brush since the last Clear, in cells
    const board = element("div", "digits-pad__board");
    const [drawing, cells] = grid("digits-pad__drawing", "A 28 by 28 grid to draw a " +
      "digit in. With the keyboard: arrow keys move, Space inks, Shift and an arrow " +
      "draw a line.");
    drawing.tabIndex = 0; // the keyboard draws too
    const [seen, seenCells] = grid("digits-pad__seen", "What the network reads: your " +
      "drawing scaled to fit a 20 by 20 box and centred by its centre of mass.");
    const views = element("div", "digits-pad__views");
    const drawn = views.appendChild(element("figure", "digits-pad__view"));
    drawn.append(drawing, element("figcaption", "", "Your drawing"));
    const read = views.appendChild(element("figure", "digits-pad__view digits-pad__view--seen"));
    read.append(seen, element("figcaption", "", "What the network reads"));
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
        loadedInk.set(example.pixels.map((pixel) => pixel / model.full_ink));
        dabs.length = 0;
        update();
      });
    }
    board.append(views, buttons);

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
      ink.set(loadedInk);
      const radius = penRadius();
      for (const [x, y] of dabs) dab(x, y, radius);
      const prepared = prepare(ink, model.side, model.box);
      cells.forEach((cell, i) => cell.style.setProperty("--ink", ink[i].toFixed(3)));
      seenCells.forEach((cell, i) => cell.style.setProperty("--ink", prepared[i].toFixed(3)));
      const blank = ink.every((v) => v === 0);
      const probabilities = blank ? null : forward(model, prepared); // none for no ink
      const best = blank ? null : probabilities.indexOf(Math.max(...probabilities));
      rows.forEach(({ row, fill, value }, digit) => {
        fill.style.width = blank ? "0%" : `${(100 * probabilities[digit]).toFixed(2)}%`;
        value.textContent = blank ? "" : `${(100 * probabilities[digit]).toFixed(1)}%`;
        row.classList.toggle("is-top", digit === best);
      });
      answer.textContent = blank
        ? "Draw a digit in the grid."
        : `The network reads ${best === 8 ? "an" : "a"} ${best} ` +
          `(${(100 * probabilities[best]).toFixed(1)}%).`;
      if (blank) delete pad.dataset.prediction;
      else pad.dataset.prediction = String(best);
      pending = false;
    }
    function schedule() {
      if (!pending) {
        pending = true;
        requestAnimationFrame(update);
      }
    }

    // The pen's width follows the digit's size, as a writer's pen does the size of
    // the box on a form: scaled to fit 20x20, a digit drawn small keeps strokes about
    // as thick as MNIST's instead of growing into a blob. So the ink is drawn again
    // from the dabs, with the brush for the drawing's extent, at every update.
    function penRadius() {
      if (dabs.length === 0) return BRUSH_RADIUS;
      const xs = dabs.map(([x]) => x), ys = dabs.map(([, y]) => y);
      const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
      return BRUSH_RADIUS * Math.min(1, Math.max(SMALLEST_PEN, extent / FULL_EXTENT));
    }
    function dab(x, y, radius) { // add ink around (x, y), in cells, with a Gaussian falloff
      const reach = Math.ceil(3 * radius);
      // a thinner brush lays more ink at its centre: a stroke stays as dark
      const peak = BRUSH_INK * BRUSH_RADIUS / radius;
      for (let row = Math.max(0, Math.floor(y) - reach); row <= Math.min(SIZE - 1, Math.floor(y) + reach); row++) {
        for (let column = Math.max(0, Math.floor(x) - reach); column <= Math.min(SIZE - 1, Math.floor(x) + reach); column++) {
          const dx = column + 0.5 - x, dy = row + 0.5 - y;
          const added = peak * Math.exp(-(dx * dx + dy * dy) / (2 * radius ** 2));
          const i = row * SIZE + column;
          ink[i] = Math.min(1, ink[i] + added);
        }
      }
    }
    let last = null; // where the stroke's pointer was, in cells; null between strokes
    let travelled = 0; // how far the stroke has gone since its last dab, in cells
    function at(event) {
      const box = drawing.getBoundingClientRect();
      return [SIZE * (event.clientX - box.left) / box.width,
              SIZE * (event.clientY - box.top) / box.height];
    }
    // A dab every DAB_SPACING cells along the pointer's path, however many events
    // the browser sends: the ink depends on the path drawn, not on the drawing's speed.
    function stroke(event) {
      const [x, y] = at(event);
      if (last === null) { // the stroke starts: one dab where it starts
        dabs.push([x, y]);
        travelled = 0;
      } else {
        const [x0, y0] = last;
        const length = Math.hypot(x - x0, y - y0);
        let next = DAB_SPACING - travelled; // how far along this move the next dab is
        for (; next <= length; next += DAB_SPACING) {
          dabs.push([x0 + (x - x0) * next / length, y0 + (y - y0) * next / length]);
        }
        travelled = length - (next - DAB_SPACING); // since the last dab
      }
      last = [x, y];
      schedule();
    }
    drawing.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      drawing.setPointerCapture(event.pointerId);
      last = null;
      stroke(event);
    });
    drawing.addEventListener("pointermove", (event) => {
      if (drawing.hasPointerCapture(event.pointerId)) stroke(event);
    });
    for (const type of ["pointerup", "pointercancel"]) {
      drawing.addEventListener(type, () => { last = null; });
    }

    // The keyboard: a cursor cell that the arrow keys move; Space (or Enter) inks it
    // as a short stroke would, and Shift with an arrow inks each cell it moves to.
    const cursor = [13, 13]; // [row, column]
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    function showCursor() {
      cells.forEach((cell, i) => cell.classList.toggle(
        "is-cursor", i === cursor[0] * SIZE + cursor[1]));
    }
    function inkCursor() {
      for (let k = 0; k < 4; k++) dabs.push([cursor[1] + 0.5, cursor[0] + 0.5]);
      schedule();
    }
    drawing.addEventListener("keydown", (event) => {
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
      loadedInk.fill(0);
      dabs.length = 0;
      update();
    });

    pad.append(board, result);
    pad.classList.add("digits-pad--ready");
    update();
    return () => Array.from(ink);
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
      const inkNow = build(pad, model, url);
      return { model, inkNow };
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
  let current = null; // that model and its pad's ink, once loaded
  function loadedModel() {
    if (!current) throw new Error("the digits model is not loaded yet: await nnfsDigits.ready");
    return current;
  }
  window.nnfsDigits = {
    get ready() { return loaded; },
    prepare(ink) { return Array.from(prepare(ink, loadedModel().model.side, loadedModel().model.box)); },
    predict(ink) {
      const { model } = loadedModel();
      return forward(model, prepare(ink, model.side, model.box));
    },
    ink() { return loadedModel().inkNow(); },
  };

  // Material's document$ fires on the first load and after every instant navigation.
  document$.subscribe(() => {
    current = null;
    const pad = document.querySelector(".digits-pad:not(.digits-pad--ready)");
    if (!pad) {
      loaded = noPad();
      return;
    }
    loaded = start(pad).then((made) => { current = made; return made.model; });
    loaded.catch(() => {});
  });
})();
