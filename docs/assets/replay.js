// Watch it learn: the replays of the build's training runs (Appendix D, "Replays").
//
// A page marks a replay as <figure class="replay"> around the picture of five of its
// moments, assets/experiments/NAME/learning_moments.png. This script loads
// replay.json from the same directory, decodes its class grids, and puts a player in
// the picture's place: the decision boundary at one moment of training, the loss and
// accuracy up to that moment, a play button and a slider. Without this script (or
// without the browser's DecompressionStream), and in print, the picture stays.
(() => {
  // The figures' class colours (plots.class_colors): matplotlib's tab10 on light
  // pages, the brighter ones of experiments.THEMES on dark pages.
  const THEMES = {
    light: {
      classes: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"],
      page: "#ffffff", ink: "#222222", faint: "#999999", grid: "#e4e4e4",
      cursor: "#e64a19", behind: 0.25,  // the accent; the whole run's faint curves
    },
    dark: {
      classes: ["#4ea1dc", "#ffa24a", "#4cc44c", "#ff6b6b", "#b48be0", "#d09c8c"],
      page: "#1e2129", ink: "#d5d7e0", faint: "#8a8fa0", grid: "#33363f",
      cursor: "#ff8a65", behind: 0.4,
    },
  };
  const FRAMES_PER_SECOND = 8;
  const LABEL_PX = 13;  // every label and number drawn, as small as the page's own text
  const LABEL_FONT = `${LABEL_PX}px sans-serif`;
  const players = new Set();

  function theme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate"
      ? THEMES.dark : THEMES.light;
  }

  function rgb(hex) {
    const value = parseInt(hex.slice(1), 16);
    return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  }

  // replay.json, with its class grids decoded: frames[m * cells + cell] is the class
  // of grid cell `cell` (row by row, bottom row first) at moment m.
  async function load(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const replay = await response.json();
    const packed = Uint8Array.from(atob(replay.classes), (c) => c.charCodeAt(0));
    const inflated = new Blob([packed]).stream()
      .pipeThrough(new DecompressionStream("deflate"));  // zlib's format
    const frames = new Uint8Array(await new Response(inflated).arrayBuffer());
    const cells = replay.resolution * replay.resolution;
    if (frames.length !== cells * replay.moments.length) {
      throw new Error(`${url}: ${frames.length} cells, expected ` +
                      `${cells * replay.moments.length}`);
    }
    for (let i = cells; i < frames.length; i++) {
      frames[i] ^= frames[i - cells];  // each frame was stored as its change
    }
    replay.frames = frames;
    return replay;
  }

  // The index of the last curve point at or before `epoch`.
  function pointsUpTo(epochs, epoch) {
    let low = 0;
    let high = epochs.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (epochs[middle] <= epoch) low = middle; else high = middle - 1;
    }
    return low;
  }

  class Player {
    constructor(figure, replay) {
      this.figure = figure;
      this.replay = replay;
      this.moment = replay.moments.length - 1;  // the trained network first
      this.timer = null;
      this.build();
      this.draw();
    }

    build() {
      const last = this.replay.moments.length - 1;
      const player = document.createElement("div");
      player.className = "replay-player";
      player.innerHTML = `
        <canvas class="replay-canvas" role="img"></canvas>
        <div class="replay-controls">
          <button type="button" class="replay-play" aria-label="Play"></button>
          <input type="range" class="replay-slider" min="0" max="${last}" step="1"
                 value="${last}" aria-label="Moment of training">
          <output class="replay-readout" aria-live="off"></output>
        </div>`;
      this.canvas = player.querySelector("canvas");
      this.button = player.querySelector("button");
      this.slider = player.querySelector("input");
      this.readout = player.querySelector("output");
      this.canvas.setAttribute("aria-label", "The decision boundary, and the loss " +
        "and accuracy curves, at the moment of training the slider shows.");
      this.button.addEventListener("click", () => this.toggle());
      this.slider.addEventListener("input", () => {
        this.stop();
        this.show(Number(this.slider.value));
      });
      const caption = this.figure.querySelector("figcaption");
      this.figure.insertBefore(player, caption);
      this.figure.classList.add("replay-live");
      this.setButton(false);
      this.resizing = new ResizeObserver(() => this.draw());
      this.resizing.observe(player);
    }

    setButton(playing) {
      this.button.textContent = playing ? "\u275A\u275A Pause" : "\u25B6 Play";
      this.button.setAttribute("aria-label", playing ? "Pause" : "Play");
    }

    toggle() {
      if (this.timer !== null) {
        this.stop();
        return;
      }
      if (this.moment === this.replay.moments.length - 1) this.show(0);
      this.setButton(true);
      this.timer = setInterval(() => {
        if (!this.figure.isConnected) {  // the reader went to another page
          this.forget();
          return;
        }
        if (this.moment >= this.replay.moments.length - 1) {
          this.stop();
          return;
        }
        this.show(this.moment + 1);
      }, 1000 / FRAMES_PER_SECOND);
    }

    stop() {
      if (this.timer !== null) clearInterval(this.timer);
      this.timer = null;
      this.setButton(false);
    }

    forget() {
      this.stop();
      this.resizing.disconnect();
      players.delete(this);
    }

    show(moment) {
      this.moment = moment;
      this.slider.value = String(moment);
      this.draw();
    }

    // The layout: boundary and curves side by side on a wide page, stacked on a phone.
    layout(width) {
      if (width >= 680) {  // below this the curves' titles and legends collide
        const side = Math.min(Math.round(width * 0.46), 340);
        const left = side + 28;
        const half = (side - 24) / 2;
        return {
          width, height: side,
          boundary: { x: 0, y: 0, size: side },
          loss: { x: left, y: 0, w: width - left, h: half },
          accuracy: { x: left, y: half + 24, w: width - left, h: half },
        };
      }
      const side = Math.min(width, 340);
      const panel = 120;
      return {
        width, height: side + 2 * (panel + 24),
        boundary: { x: (width - side) / 2, y: 0, size: side },
        loss: { x: 0, y: side + 24, w: width, h: panel },
        accuracy: { x: 0, y: side + panel + 48, w: width, h: panel },
      };
    }

    draw() {
      const width = Math.floor(this.canvas.parentElement.clientWidth);
      if (width === 0) return;  // not shown (yet)
      const box = this.layout(width);
      const scale = window.devicePixelRatio || 1;
      this.canvas.width = Math.round(box.width * scale);
      this.canvas.height = Math.round(box.height * scale);
      this.canvas.style.width = `${box.width}px`;
      this.canvas.style.height = `${box.height}px`;
      const context = this.canvas.getContext("2d");
      context.setTransform(scale, 0, 0, scale, 0, 0);
      const colors = theme();
      context.fillStyle = colors.page;
      context.fillRect(0, 0, box.width, box.height);
      this.drawBoundary(context, box.boundary, colors);
      const epoch = this.replay.moments[this.moment];
      const curves = this.replay.curves;
      // The loss axis spans what the loss does, like plots.plot_loss: a seed run's
      // whole slide is a few hundredths, flat on an axis from 0.
      const loss = [...curves.loss, ...(curves.val_loss || [])];
      const [least, most] = [Math.min(...loss), Math.max(...loss)];
      const pad = 0.05 * (most - least) || 0.01;
      const zoomed = most - least < 0.5 * most;  // from 0 it would look flat
      this.drawCurves(context, box.loss, colors, epoch,
                      zoomed ? "loss (axis zoomed)" : "loss", ["loss", "val_loss"],
                      [zoomed ? least - pad : 0, most + pad], null);
      this.drawCurves(context, box.accuracy, colors, epoch, "accuracy",
                      ["accuracy", "val_accuracy"], [0, 1], 1 / this.replay.n_classes);
      this.figure.dataset.moment = String(this.moment);
      this.readout.textContent = this.describe(epoch);
    }

    describe(epoch) {
      const curves = this.replay.curves;
      const at = pointsUpTo(curves.epoch, Math.min(epoch, this.replay.curves.epoch.at(-1)));
      const total = this.replay.moments.at(-1);  // the epochs trained
      let text = `epoch ${epoch} of ${total}` +
        ` \u00b7 loss ${curves.loss[at].toFixed(4)}` +
        ` \u00b7 accuracy ${(100 * curves.accuracy[at]).toFixed(1)}%`;
      if (curves.val_accuracy) {
        text += ` (validation ${(100 * curves.val_accuracy[at]).toFixed(1)}%)`;
      }
      return text;
    }

    drawBoundary(context, box, colors) {
      const replay = this.replay;
      const side = replay.resolution;
      const cells = side * side;
      const offscreen = document.createElement("canvas");
      offscreen.width = side;
      offscreen.height = side;
      const image = offscreen.getContext("2d").createImageData(side, side);
      const page = rgb(colors.page);
      const tints = colors.classes.map((hex) => rgb(hex).map(
        (channel, i) => Math.round(0.5 * channel + 0.5 * page[i])));  // as in print
      const start = this.moment * cells;
      for (let row = 0; row < side; row++) {
        for (let column = 0; column < side; column++) {
          const tint = tints[replay.frames[start + row * side + column]];
          const pixel = 4 * ((side - 1 - row) * side + column);  // bottom row last
          image.data[pixel] = tint[0];
          image.data[pixel + 1] = tint[1];
          image.data[pixel + 2] = tint[2];
          image.data[pixel + 3] = 255;
        }
      }
      offscreen.getContext("2d").putImageData(image, 0, 0);
      context.imageSmoothingEnabled = true;
      context.drawImage(offscreen, box.x, box.y, box.size, box.size);
      const [left, right, bottom, top] = replay.extent;
      context.lineWidth = 0.6;
      context.strokeStyle = colors.ink;
      replay.points.forEach(([x, y], i) => {
        const px = box.x + ((x - left) / (right - left)) * box.size;
        const py = box.y + (1 - (y - bottom) / (top - bottom)) * box.size;
        context.beginPath();
        context.arc(px, py, 2.6, 0, 2 * Math.PI);
        context.fillStyle = colors.classes[replay.labels[i]];
        context.fill();
        context.stroke();
      });
      context.lineWidth = 1;
      context.strokeRect(box.x + 0.5, box.y + 0.5, box.size - 1, box.size - 1);
    }

    drawCurves(context, box, colors, epoch, title, names, [low, high], chance) {
      const curves = this.replay.curves;
      const lastEpoch = Math.max(curves.epoch.at(-1), 1);
      const plot = { x: box.x + 46, y: box.y + LABEL_PX + 6, w: box.w - 52,
                     h: box.h - 2 * LABEL_PX - 12 };  // room for a line above, one below
      const px = (e) => plot.x + (e / lastEpoch) * plot.w;
      const py = (v) => plot.y + (1 - (v - low) / (high - low)) * plot.h;
      context.font = LABEL_FONT;
      context.fillStyle = colors.ink;
      context.textBaseline = "alphabetic";
      context.textAlign = "left";
      context.fillText(title, plot.x, box.y + LABEL_PX);
      context.strokeStyle = colors.grid;
      context.lineWidth = 1;
      context.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w, plot.h);
      context.textAlign = "right";
      context.textBaseline = "middle";
      const digits = Math.max(1, Math.ceil(-Math.log10(high - low)) + 1);
      const format = chance !== null ? (v) => `${Math.round(100 * v)}%`
        : (v) => v.toFixed(digits);
      for (const value of [low, high]) {
        context.fillText(format(value), plot.x - 4, py(value));
      }
      context.textBaseline = "top";
      context.textAlign = "left";
      context.fillText("0", plot.x, plot.y + plot.h + 2);
      context.textAlign = "right";
      context.fillText(`${this.replay.moments.at(-1)} epochs`,
                       plot.x + plot.w, plot.y + plot.h + 2);
      if (chance !== null) {  // dotted and labelled: dashes are the validation curves
        context.setLineDash([1, 3]);
        context.strokeStyle = colors.faint;
        context.beginPath();
        context.moveTo(plot.x, py(chance));
        context.lineTo(plot.x + plot.w, py(chance));
        context.stroke();
        context.setLineDash([]);
        context.fillStyle = colors.faint;
        context.textAlign = "right";
        context.textBaseline = "top";
        context.fillText("chance", plot.x + plot.w - 2, py(chance) + 2);
        context.fillStyle = colors.ink;
      }
      // A tick under the axis at every moment: the slider's steps, closer at first.
      context.strokeStyle = colors.faint;
      context.beginPath();
      for (const moment of this.replay.moments) {
        context.moveTo(px(moment), plot.y + plot.h);
        context.lineTo(px(moment), plot.y + plot.h - 4);
      }
      context.stroke();
      const upTo = pointsUpTo(curves.epoch, epoch);
      const styles = [[colors.classes[chance === null ? 0 : 2], []],
                      [colors.classes[1], [5, 3]]];
      names.forEach((name, k) => {
        const values = curves[name];
        if (!values) return;
        const [color, dash] = styles[k];
        context.setLineDash(dash);
        for (const [from, to, alpha] of [[0, values.length - 1, colors.behind],
                                         [0, upTo, 1]]) {
          context.globalAlpha = alpha;
          context.strokeStyle = color;
          context.lineWidth = 1.5;
          context.beginPath();
          for (let i = from; i <= to; i++) {
            const y = py(Math.min(Math.max(values[i], low), high));
            if (i === from) context.moveTo(px(curves.epoch[i]), y);
            else context.lineTo(px(curves.epoch[i]), y);
          }
          context.stroke();
        }
        context.globalAlpha = 1;
      });
      context.setLineDash([]);
      context.strokeStyle = colors.cursor;
      context.lineWidth = 1.5;
      context.beginPath();  // where the slider is
      context.moveTo(px(epoch), plot.y);
      context.lineTo(px(epoch), plot.y + plot.h);
      context.stroke();
      if (curves[names[1]]) {  // a legend: training solid, validation dashed
        context.textBaseline = "alphabetic";
        context.textAlign = "right";
        let right = plot.x + plot.w;
        for (const [label, k] of [["validation", 1], ["training", 0]]) {
          context.fillStyle = colors.ink;
          context.fillText(label, right, box.y + LABEL_PX);
          right -= context.measureText(label).width + 4;
          context.strokeStyle = styles[k][0];
          context.setLineDash(styles[k][1]);
          context.lineWidth = 1.5;
          context.beginPath();
          context.moveTo(right - 18, box.y + LABEL_PX - 4);
          context.lineTo(right, box.y + LABEL_PX - 4);
          context.stroke();
          right -= 30;
        }
        context.setLineDash([]);
      }
    }
  }

  function start(body) {
    if (typeof DecompressionStream === "undefined") return;  // the picture stays
    for (const figure of body.querySelectorAll("figure.replay:not([data-replay])")) {
      const picture = figure.querySelector("img");
      if (!picture) continue;
      figure.dataset.replay = "loading";
      const url = new URL("replay.json", picture.src).href;
      load(url).then((replay) => {
        figure.dataset.replay = "ready";
        players.add(new Player(figure, replay));
      }).catch((error) => {
        figure.dataset.replay = "failed";  // the picture stays
        console.error("replay:", error);
      });
    }
  }

  // The theme toggle sets data-md-color-scheme on <body>: redraw in the new colours.
  new MutationObserver(() => {
    for (const player of [...players]) {
      if (player.figure.isConnected) player.draw(); else player.forget();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // Material's document$ fires on the first load and after every instant navigation.
  document$.subscribe(({ body }) => start(body));
})();
