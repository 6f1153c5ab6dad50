"""Fill a page's `{{ experiments.NAME.METRIC }}` placeholders with the build's numbers.

    {{ experiments.seed.epochs }}                 53000
    {{ experiments.seed.final_loss:.4f }}         1.0826
    {{ experiments.seed.final_accuracy:.1% }}     43.3%

The part after the colon is a Python format specification, or `layers` for a list of a
network's hidden widths, said in words as a person writes them:

    {{ experiments.best.hidden:layers }}          three hidden layers of 64
    {{ experiments.digits.hidden:layers }}        one hidden layer of 128

A list without `:layers` is an error: the page would show Python's `[64, 64, 64]`. Each
filled value is
wrapped in a <span> that names its experiment and metric, so that tests can check it
against the run. Placeholders inside code (fenced blocks and `inline code`) are left as
they are, so the book can show the syntax; anywhere else an unknown experiment, metric
or format is an error, and so is any other `{{ ... }}` but `{{ repository }}`,
`{{ clone }}`, `{{ reliability }}`, `{{ benchmark }}`, `{{ engine_benchmark }}` and
`{{ conv_benchmark }}`.
"""

from __future__ import annotations

import re

_CODE_OR_PLACEHOLDER = re.compile(
    r"(?P<fenced>^(?P<fence>[ \t]*(?:`{3,}|~{3,})).*?^(?P=fence)[ \t]*$)"
    r"|(?P<inline>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<placeholder>\{\{(?P<inside>.*?)\}\})",
    re.MULTILINE | re.DOTALL,
)
_EXPERIMENT = re.compile(r"^\s*experiments\.(\w+)\.(\w+)(?::(.*?))?\s*$")


class PlaceholderError(Exception):
    """A placeholder that names no known experiment, metric or format."""


def fill(markdown: str, experiments: dict, where: str, repository: str = "",
         reliability: list | None = None, benchmark: dict | None = None) -> str:
    """Replace every placeholder of `markdown` (outside code) by its value.

    `experiments` maps each name to its manifest entry ({"metrics": {...}, ...});
    `where` names the page in error messages. `{{ repository }}` becomes a link to
    `repository` if it is an address, and the words "the book's repository" if not;
    `{{ clone }}`, the words that lead into commands run in a clone (clone_sentence).
    `{{ reliability }}` becomes the table of `reliability`, the bad inputs the build
    tried and the messages they got (page_facts.bad_input_messages). `{{ benchmark }}`
    becomes the tables of `benchmark`, the latest run of benchmarks/speed.py, and
    `{{ engine_benchmark }}` its part about chapter 21's autograd engine, and
    `{{ conv_benchmark }}` its part about chapter 23's convolutional network.
    """

    def replace(match):
        if match["placeholder"] is None:
            return match[0]
        if match["inside"].strip() == "reliability" and reliability is not None:
            return reliability_table(reliability)
        if match["inside"].strip() == "benchmark" and benchmark is not None:
            return benchmark_tables(benchmark)
        part = BENCHMARK_PARTS.get(match["inside"].strip())
        if part is not None and benchmark is not None:
            key, what, tables = part
            if key not in benchmark:
                raise PlaceholderError(
                    f"{where}: {match[0]}: benchmarks/results.json has no run of the "
                    f"{what}; run python3 tools/dev.py bench --only {key}")
            return tables(benchmark[key])
        if match["inside"].strip() == "clone":
            return clone_sentence(repository)
        if match["inside"].strip() == "repository":
            words = "the book's repository"
            return f"[{words}]({repository})" if repository else words
        parsed = _EXPERIMENT.match(match["inside"])
        if parsed is None:
            raise PlaceholderError(
                f"{where}: unknown placeholder {match[0]}; write "
                "{{ experiments.NAME.METRIC }} or {{ experiments.NAME.METRIC:FORMAT }}"
            )
        name, metric, spec = parsed.groups()
        if name not in experiments:
            raise PlaceholderError(f"{where}: {match[0]} names no experiment; known: "
                                   f"{', '.join(experiments)}")
        metrics = experiments[name]["metrics"]
        if metric not in metrics:
            raise PlaceholderError(f"{where}: {match[0]}: experiment {name} has no "
                                   f"{metric!r}; it has: {', '.join(metrics)}")
        value = metrics[metric]
        if spec == "layers":
            if not isinstance(value, (list, tuple)):
                raise PlaceholderError(f"{where}: {match[0]}: :layers says a list of "
                                       f"widths in words, and {metric} is {value!r}")
            text = hidden_layers(value)
        elif isinstance(value, (list, tuple)):
            raise PlaceholderError(
                f"{where}: {match[0]} is a list, which the page would show as Python's "
                f"{list(value)}; say it in words, e.g. {{{{ experiments.{name}.{metric}"
                ":layers }} for a network's hidden widths")
        else:
            try:
                text = format(value, spec or "")
            except (ValueError, TypeError) as error:
                raise PlaceholderError(f"{where}: {match[0]}: {error}") from None
        return (f'<span class="experiment-metric" data-experiment="{name}" '
                f'data-metric="{metric}">{text}</span>')

    return _CODE_OR_PLACEHOLDER.sub(replace, markdown)


def clone_sentence(repository: str = "") -> str:
    """Where the commands that follow it run: in a clone of the book's repository, from
    its top folder. With the repository's address, a link to it and the command that
    clones it; without one, no command that could not be typed as it stands."""
    if repository:
        return (f"In a clone of [the book's repository]({repository}) "
                f"(`git clone {repository}`), from its top folder:")
    return ("In a clone of the book's repository, from its top folder (the one that "
            "holds `mkdocs.yml`):")


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten")


def hidden_layers(widths) -> str:
    """A network's hidden widths as a person writes them: (64, 64, 64) is "three hidden
    layers of 64", (64, 32) "hidden layers of 64 and 32", (128,) "one hidden layer of
    128" and () "no hidden layer"."""
    widths = [int(width) for width in widths]
    if not widths:
        return "no hidden layer"
    if len(set(widths)) == 1:
        count = NUMBERS[len(widths)] if len(widths) < len(NUMBERS) else str(len(widths))
        return f"{count} hidden layer{'s' if len(widths) > 1 else ''} of {widths[0]}"
    *first, last = (str(width) for width in widths)
    return f"hidden layers of {', '.join(first)} and {last}"


def reliability_table(rows: list[dict]) -> str:
    """A Markdown table: each bad input, the exception it raised and its message."""

    def cell(text):
        return "`" + text.replace("|", "\\|").replace("`", "'").replace("\n", " ") + "`"

    lines = ["| bad input | error | message |", "|---|---|---|"]
    lines += [f"| {row['what']} | `{row['error']}` | {cell(row['message'])} |"
              for row in rows]
    return "\n".join(lines)


def float_environment_table(floats: dict | None) -> list[str]:
    """Markdown lines for what the float environment costs (Appendix B): the same
    epochs and the whole seed run, pinned and on the machine's own kernels."""
    if not floats:
        return []
    if "skipped" in floats:
        return ["", f"The float environment's cost was not measured: {floats['skipped']}."]
    own = floats["kernels"]["own kernels"]
    lines = ["", "| in the book's float environment, against this machine's own kernels "
             f"({own['blas']}, NumPy {own['simd']}) | pinned | own kernels | ratio |",
             "|---|--:|--:|--:|"]
    for row in floats["epochs"]:
        us = row["us_per_epoch"]
        lines.append(f"| {row['network']}, {row['samples']} points, µs per epoch | "
                     f"{us['pinned']:,.0f} | {us['own kernels']:,.0f} | "
                     f"{row['ratio']:.2f}× |")
    seconds = floats["seed_run_seconds"]
    lines.append(f"| whole seed run, s | {seconds['pinned']:.2f} | "
                 f"{seconds['own kernels']:.2f} | {floats['seed_run_ratio']:.2f}× |")
    return lines


def benchmark_tables(results: dict) -> str:
    """Markdown for a run of benchmarks/speed.py: microseconds per epoch with the
    ratios to the reference, the whole seed run, the peak memory, and how measured."""
    short = {"reference": "textbook", "nnfs_lit": "nnfs_lit", "nnfs_lit fast=False": "plain",
             "nnfs_lit float32": "float32", "torch eager": "PyTorch"}
    names = list(results["epochs"][0]["us_per_epoch"])
    lines = ["Microseconds per epoch (in brackets, the ratio to the textbook code's):", "",
             "| network | points | " + " | ".join(short.get(n, n) for n in names) + " |",
             "|---|--:|" + "--:|" * len(names)]
    for row in results["epochs"]:
        cells = []
        for name in names:
            cell = f"{row['us_per_epoch'][name]:,.0f}"
            if name != "reference":
                cell += f" ({row['ratio_to_reference'][name]:.2f}×)"
            cells.append(cell)
        lines.append(f"| {row['network']} | {row['samples']} | " + " | ".join(cells) + " |")
    seed, memory, machine = results["seed_run"], results["memory"], results["machine"]
    lines += ["", "| whole seed run, 53000 epochs and two figures | wall clock |",
              "|---|--:|"]
    lines += [f"| `{name}` | {value:.2f} s |" for name, value in seed["seconds"].items()]
    lines.append(f"| ratio, repeat by repeat | {seed['ratio']:.2f}× |")
    lines += ["", f"| peak memory, {memory['samples']} points, 2-64-3 Adam | traced | "
              "× its arrays |", "|---|--:|--:|"]
    lines += [f"| {short.get(name, name)} | {peak / 1e6:.2f} MB | "
              f"{memory['ratio'][name]:.2f}× |"
              for name, peak in memory["peak_bytes"].items()]
    lines += float_environment_table(results.get("floats"))
    torch = f", PyTorch {machine['torch']}" if machine.get("torch") else ""
    lines += ["", "*nnfs_lit* is `Model.fit` as the book's build runs it "
              "(`engine=FastNetwork`); *plain* is `fit` as a reader calls it, the steps "
              "of chapters 9 and 10; *float32* is the "
              "fast path on 32-bit floats; *textbook* is `benchmarks/reference.py`, and "
              "*PyTorch* its eager mode, both recording every epoch's loss and accuracy "
              "too. Every network trains on the full batch."]
    kernels, where = machine.get("kernels"), ""
    if kernels:  # the float environment it ran in (Appendix B)
        pinned = "in the book's float environment: " if kernels["pinned"] else ""
        where = f" ({pinned}{kernels['blas']}, NumPy {kernels['simd']})"
    lines += ["", f"Measured on {results['date']}: {machine['cores']} cores, Python "
              f"{machine['python']}, NumPy {machine['numpy']}{where}{torch}; float64 and "
              "one thread each unless named; each figure the median of "
              f"{results['repeats']} interleaved repeats, each ratio the median of the "
              "ratios repeat by repeat (so on a noisy machine the two can disagree "
              "slightly). The arrays of a run are its data, parameters, gradients, "
              "optimizer state, history, and each layer's output and its gradient."]
    return "\n".join(lines)


def conv_tables(conv: dict) -> str:
    """Markdown for the convolutional network's part of a benchmark run (chapter
    23): an epoch by plain fit and through ConvNetwork, then where a plain step's
    time goes in each convolution."""
    seconds = conv["seconds_per_epoch"]
    lines = ["| one epoch, 3,500 digits, batches of 32 | plain `fit` | `ConvNetwork` | "
             "plain / `ConvNetwork` |", "|---|--:|--:|--:|",
             f"| seconds | {seconds['plain']:.2f} | {seconds['ConvNetwork']:.2f} | "
             f"{conv['ratio']:.2f}× |"]
    layers = conv["parts"]["layers"]
    names = list(layers)
    lines += ["", f"| `Conv2D`, one step on {conv['parts']['batch']} digits, µs "
              "(share) | " + " | ".join(names) + " |", "|---|" + "--:|" * len(names)]
    for part in layers[names[0]]["us"]:
        lines.append(f"| {part} | " + " | ".join(
            f"{layers[name]['us'][part]:,.0f} ({layers[name]['share'][part]:.0%})"
            for name in names) + " |")
    lines += ["", f"Measured on {conv['date']} by `benchmarks/speed.py`, in the book's "
              f"float environment; each epoch time the median of {conv['repeats']} "
              "interleaved repeats, the ratio the median of the ratios repeat by repeat; "
              "each part of the step timed alone, on random images of the layer's "
              "shapes."]
    return "\n".join(lines)


def engine_tables(engine: dict) -> str:
    """Markdown for the autograd engine's part of a benchmark run (chapter 21): its
    epochs against plain fit and FastNetwork, then where one step's time goes."""
    lines = ["| network | points | plain | FastNetwork | autograd | autograd / plain | "
             "autograd / FastNetwork |", "|---|--:|--:|--:|--:|--:|--:|"]
    for row in engine["epochs"]:
        us, ratio = row["us_per_epoch"], row["autograd_to"]
        lines.append(f"| {row['network']} | {row['samples']:,} | {us['plain']:,.0f} µs | "
                     f"{us['FastNetwork']:,.0f} µs | {us['autograd']:,.0f} µs | "
                     f"{ratio['plain']:.2f}× | {ratio['FastNetwork']:.2f}× |")
    lines += ["", "| fresh 4 KB memory pages per epoch (minor page faults) | points | "
              "plain | FastNetwork | autograd |", "|---|--:|--:|--:|--:|"]
    for row in engine["epochs"]:
        pages = row["fresh_pages_per_epoch"]
        lines.append(f"| {row['network']} | {row['samples']:,} | {pages['plain']:,.0f} | "
                     f"{pages['FastNetwork']:,.0f} | {pages['autograd']:,.0f} |")
    steps = engine["steps"]
    lines += ["", "| one autograd step, µs | " + " | ".join(
        f"{step['samples']:,} points" for step in steps) + " |",
        "|---|" + "--:|" * len(steps)]
    lines.append("| tensors in its graph | " + " | ".join(
        str(step["nodes"]) for step in steps) + " |")
    for name in steps[0]["us_per_step"]:
        lines.append(f"| {name} | " + " | ".join(
            f"{step['us_per_step'][name]:,.0f}" for step in steps) + " |")
    for step in steps:
        lines += ["", f"| where the profiler finds the time, {step['samples']:,} points "
                  "(its own cost included) | calls per step | share |", "|---|--:|--:|"]
        lines += [f"| `{row['function']}` | {row['calls_per_step']:.0f} | "
                  f"{row['share']:.0%} |" for row in step["profile"]]
    lines += ["", f"Measured on {engine['date']} by `benchmarks/speed.py`, in the book's "
              "float environment, 2-64-3 with Adam on the full batch; each epoch time the "
              f"median of {engine['repeats']} interleaved repeats, each ratio the median of "
              "the ratios repeat by repeat; each part of the step timed alone (the "
              "backward sweep orders the graph again itself)."]
    return "\n".join(lines)


# {{ placeholder }} -> (its part of benchmarks/results.json, what that part measured,
# the function that makes its tables)
BENCHMARK_PARTS = {
    "engine_benchmark": ("engine", "autograd engine", engine_tables),
    "conv_benchmark": ("conv", "convolutional network", conv_tables),
}
