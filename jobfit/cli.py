"""`jobfit`: the one command-line entry point for every job.

Heavy libraries (mlflow, lightgbm, bentoml) are imported inside the commands that need them,
so `jobfit --help` and the light commands start fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from jobfit.settings import Settings
from jobfit.show import train_summary
from planning import defaults as plan_defaults

app = typer.Typer(
    name="jobfit",
    help=(
        "Jobfit — competency–position recommendations for a city's civil servants (ASN).\n\n"
        "Data flows: an HR export (CSV folder, see the contract) → features → a LightGBM "
        "job-fit model tracked in MLflow → rankings over HTTP or here. The engine recommends; "
        "people decide."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()

DEMO_ACCEPT = ("demo on a synthetic city whose history is biased on purpose; not for real "
               "decisions")

ExportDir = Annotated[
    Path,
    typer.Option("--data", help="HR export folder in the contract format (the CSV files).",
                 exists=False),
]
# the world matrix's options, shared by `jobfit matrix` and `jobfit tune`
WorldsDirOption = Annotated[Path, typer.Option(
    "--dir", help="Where the worlds are generated and kept (reused when present).")]
GeneratorsOption = Annotated[str, typer.Option(
    "--generators", help="'all' (every registered generator: kota, kabupaten, provinsi, "
                         "metropolitan) or a comma list.")]
VariantsOption = Annotated[str, typer.Option(
    help="'all', 'base' or a comma list of variant names.")]
SeedsOption = Annotated[str, typer.Option(help="Comma list of world seeds.")]
EmployeesOption = Annotated[int, typer.Option(min=100, max=20_000, help="Employees per world.")]
TruthSampleOption = Annotated[int, typer.Option(
    min=20, help="Employees due for transfer sampled per world.")]


def _settings(**overrides) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _load_or_exit(data: Path):
    """Load an export; on fatal problems print the report and exit 2."""
    from features.loader import load_export

    if not data.is_dir():
        console.print(f"[red]error:[/] --data {data}: not a folder")
        raise typer.Exit(2)
    export, report = load_export(data)
    if export is None:
        console.print(report.to_text(limit=50), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if not report.clean:
        console.print(f"[yellow]{len(report.problems)} problem(s) in {data}; quarantined rows "
                      f"are left out (run `jobfit validate {data}` for the report)[/]")
    return export


@contextlib.contextmanager
def _ranking_errors():
    """The ranking code's clear errors as a message and an exit code, never a traceback:
    2 for a setup problem (no export, no champion), 1 for a bad id or parameter."""
    from rich.markup import escape

    from features.requests import RequestError, UnknownId
    from serving.ranking import SetupError

    try:
        yield
    except SetupError as exc:
        console.print("[red]error:[/]", escape(str(exc)))
        raise typer.Exit(2)
    except (UnknownId, RequestError) as exc:
        console.print("[red]error:[/]", escape(str(exc)))
        raise typer.Exit(1)


def _recommender(settings: Settings, data: Path):
    """The Recommender over an export with the champion, ranking with the preferences stated
    in the state database when there is one (as the service does): the same answers."""
    from serving.ranking import Recommender

    rec = Recommender.from_settings(settings, data)
    store = _existing_state(settings)
    if store is not None:
        rec.use_stated_preferences(store)
    return rec


def _existing_state(settings: Settings):
    """The state database, or None when it is the default SQLite file and nobody has
    created it yet (then no preference was ever stated)."""
    from serving.state import StateError, StateStore
    from serving.state.db import is_sqlite

    url = settings.state_url
    if settings.database_url is None and is_sqlite(url) \
            and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    try:
        return StateStore(url, migrate=is_sqlite(url))
    except StateError as exc:
        console.print(f"[red]error:[/] state database: {exc.message}")
        raise typer.Exit(2)


def _parse_date(value: Optional[str], name: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        console.print(f"[red]error:[/] {name} {value!r}: expected a date as YYYY-MM-DD")
        raise typer.Exit(2)


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write; gets export/ and truth/.")],
    seed: Annotated[Optional[int], typer.Option(
        help="Random seed: same seed, same world (default: the generator's own).")] = None,
    employees: Annotated[int, typer.Option(min=20, max=200_000,
                                           help="How many employees (ASN).")] = 5000,
    as_of: Annotated[Optional[str], typer.Option(help="The export's date, YYYY-MM-DD.")] = None,
    model: Annotated[str, typer.Option(
        "--model", help="Which generator: kota (modelled on Kota Binjai), kabupaten (a "
                        "regency, designed independently), provinsi (a province, designed "
                        "independently) or metropolitan (a metropolitan city, designed "
                        "independently).")] = "kota",
    variant: Annotated[str, typer.Option(
        help="A variant of the generator's mechanisms (see docs/synthetic-*.md).")] = "base",
) -> None:
    """Generate a synthetic city with its ground truth.

    Writes OUT/export (the HR export, in the contract format) and OUT/truth (who truly fits
    where; never part of the export). Same generator, variant and seed: same files.
    """
    from synthetic import generators

    when = _parse_date(as_of, "--as-of")
    try:
        gen = generators.get(model)
        summary = gen.generate(out_dir, seed=seed, employees=employees, variant=variant,
                               as_of=when, progress=True)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(2)
    out.print(summary)


@app.command()
def validate(
    export_dir: Annotated[Path, typer.Argument(help="HR export folder to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many problems in the text report "
                                            "(0 = all).")] = 200,
) -> None:
    """Check an HR export against the contract and print the validation report.

    Every problem is named by file, row and column. Fatal problems (a missing file or column,
    duplicate keys) exit 1; row problems quarantine the row, are reported, and exit 0.
    """
    if not export_dir.is_dir():
        console.print(f"[red]error:[/] EXPORT_DIR {export_dir}: not a folder")
        raise typer.Exit(2)
    from features.loader import load_export

    _, report = load_export(export_dir)
    if as_json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        out.print(report.to_text(limit=limit or None), markup=False, highlight=False,
                  soft_wrap=True)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def train(
    data: ExportDir,
    truth: Annotated[Optional[Path], typer.Option(
        help="Ground-truth folder of a synthetic world: only adds truth metrics, never "
             "touches training.")] = None,
    home: Annotated[Optional[Path], typer.Option(
        help="Local state folder (MLflow SQLite + artefacts); env JOBFIT_HOME.")] = None,
    accept_fairness: Annotated[Optional[str], typer.Option(
        "--accept-fairness", metavar="REASON",
        help="Promote even if a gender or age ratio is below the four-fifths bar, for this "
             "stated reason (recorded on the run and in the model card).")] = None,
) -> None:
    """Train the job-fit model on an export and register it in MLflow.

    One MLflow run with metrics, plots and a model card; the new registered model version
    gets the alias `challenger` and becomes `champion` only if it passes the gate: enough
    validation data, a better selection metric than the current champion (or, for the
    first model, than the rule baseline) on the same movers, and the fairness bar.
    """
    if accept_fairness is not None and not accept_fairness.strip():
        console.print("[red]error:[/] --accept-fairness needs a reason in words")
        raise typer.Exit(2)
    settings = _settings(home=home)
    if not data.is_dir():
        console.print(f"[red]error:[/] --data {data}: not a folder")
        raise typer.Exit(2)
    if truth is not None and not truth.is_dir():
        console.print(f"[red]error:[/] --truth {truth}: not a folder")
        raise typer.Exit(2)
    out.print(train_summary(_run_training(settings, data, truth, accept_fairness)))


def _run_training(settings: Settings, data: Path, truth: Optional[Path],
                  accept_fairness: Optional[str] = None):
    """Train, turning the trainer's clear errors into a message and exit code 2 (no
    traceback): fatal export problems print their validation report."""
    from features.report import ExportError
    from jobfit.progress import ProgressSteps
    from training.run import steps_of_a_run, train as run_training

    try:
        return run_training(settings, data, truth_dir=truth,
                            steps=ProgressSteps(steps_of_a_run(truth is not None)),
                            accept_fairness=accept_fairness)
    except ExportError as exc:
        console.print(exc.report.to_text(limit=50), markup=False, highlight=False,
                      soft_wrap=True)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[red]error:[/] {exc}", markup=True, highlight=False)
    raise typer.Exit(2)


@app.command()
def card(
    version: Annotated[Optional[str], typer.Argument(
        help="Registered version to show (default: the champion).")] = None,
    home: Annotated[Optional[Path], typer.Option(
        help="Local state folder (MLflow SQLite + artefacts); env JOBFIT_HOME.")] = None,
) -> None:
    """Print a registered model version's card: data and period, intended use, metrics,
    fairness with intervals and the features behind any gap, limits."""
    from training.tracking import read_card

    settings = _settings(home=home)
    try:
        _, text = read_card(settings, version)
    except LookupError as exc:
        console.print(f"[red]error:[/] {exc.args[0]}", highlight=False)
        raise typer.Exit(2)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def serve(
    data: ExportDir,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 3000,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this "
                                           "machine.")] = "127.0.0.1",
    home: Annotated[Optional[Path], typer.Option(
        help="Local state folder (MLflow SQLite + artefacts); env JOBFIT_HOME.")] = None,
    example: Annotated[bool, typer.Option("--example/--no-example",
                                          help="Print a tried curl example once ready.")] = True,
) -> None:
    """Serve recommendations over HTTP (BentoML) for an HR export, with the champion model.

    Runs `bentoml serve jobfit.service:Jobfit` with the settings in its environment:
    POST /recommend/positions and /recommend/candidates behind a bearer token
    (JOBFIT_API_TOKEN; a random one is generated and printed when unset), /healthz, /readyz,
    /metrics open, the OpenAPI document at /docs.json. Ctrl-C stops it.
    """
    from jobfit.launch import preflight, serve_foreground

    settings = _settings(home=home)
    problem = preflight(settings, data)
    if problem:
        console.print(f"[red]error:[/] {problem}")
        raise typer.Exit(2)
    raise typer.Exit(serve_foreground(settings, data, host=host, port=port,
                                      show_example=example))


@app.command()
def recommend(
    data: ExportDir,
    employee: Annotated[Optional[str], typer.Option(
        "--employee", help="Rank positions for this employee (NIP).")] = None,
    position: Annotated[Optional[str], typer.Option(
        "--position", help="Rank eligible employees for this position.")] = None,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=100,
                                   help="How many to list (1–100).")] = 10,
    all_positions: Annotated[bool, typer.Option(
        "--all-positions", help="Include positions without a vacancy (vacant_only=false).")]
    = False,
    unit: Annotated[Optional[list[str]], typer.Option(
        "--unit", help="Only positions in this unit (repeatable).")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        help="Rank as of this date, YYYY-MM-DD (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as the HTTP API's "
                                                         "JSON.")] = False,
    fair: Annotated[bool, typer.Option(
        "--fair", help="With --position: re-rank so each gender and age band is shown near "
                       "its share over the model's lists (fair=true; the version's lifts, "
                       "else each group's share of every prefix).")] = False,
    home: Annotated[Optional[Path], typer.Option(
        help="Local state folder (MLflow SQLite + artefacts); env JOBFIT_HOME.")] = None,
    lang: Annotated[str, typer.Option(
        "--lang", help="Language of reasons and gaps: id (Bahasa Indonesia) or en.")] = "id",
) -> None:
    """Rank positions for an employee, or employees for a position, here and now.

    The same ranking as the HTTP service, through the same code (eligibility rules first,
    then the champion model, then reasons and gaps in plain words); --json prints exactly the
    service's answer. Give exactly one of --employee and --position.
    """
    if (employee is None) == (position is None):
        console.print("[red]error:[/] give exactly one of --employee ID and --position ID")
        raise typer.Exit(2)
    if position is not None and (all_positions or unit):
        console.print("[red]error:[/] --all-positions and --unit only apply to --employee")
        raise typer.Exit(2)
    if employee is not None and fair:
        console.print("[red]error:[/] --fair only applies to --position")
        raise typer.Exit(2)
    when = _parse_date(as_of, "--as-of")
    from jobfit.show import print_answer

    settings = _settings(home=home)
    with _ranking_errors():
        rec = _recommender(settings, data)
        if employee is not None:
            answer = rec.positions_for(employee, k=k, vacant_only=not all_positions,
                                       unit_ids=unit or None, as_of=when, lang=lang)
        else:
            answer = rec.candidates_for(position, k=k, as_of=when, fair=fair, lang=lang)
    if as_json:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
    else:
        print_answer(out, answer)


def _id_list(value: Optional[str], name: str) -> Optional[list[str]]:
    """'A,B,C' or '@file' (one id per line) -> ids; None stays None (the default set)."""
    if value is None:
        return None
    if value.startswith("@"):
        path = Path(value[1:])
        if not path.is_file():
            console.print(f"[red]error:[/] {name} {value}: no such file")
            raise typer.Exit(2)
        items = path.read_text(encoding="utf-8").splitlines()
    else:
        items = value.split(",")
    return [s.strip() for s in items if s.strip()]


@app.command()
def plan(
    data: ExportDir,
    positions: Annotated[Optional[str], typer.Option(
        help="Positions to fill: ID,ID,… or @FILE (one id a line); default every vacancy.")]
    = None,
    candidates: Annotated[Optional[str], typer.Option(
        help="Who may move: ID,ID,… or @FILE; default everyone due for transfer.")] = None,
    max_loss_per_unit: Annotated[Optional[int], typer.Option(
        min=0, help="At most this many people may leave any one unit for another.")] = None,
    preference_weight: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Fit points added for a move into a unit the employee asked "
                               "for, and to staying for one who said no to moving.")] = 0.0,
    move_cost: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Fit points each move must gain (0 = any gain).")]
    = plan_defaults.MOVE_COST,
    vacancy_value: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Fit points the plan may give up per listed vacancy it "
                               "fills (0 = fit alone decides).")] = plan_defaults.VACANCY_VALUE,
    max_moves_per_fill: Annotated[Optional[float], typer.Option(
        min=0.0, max=100.0, help="Move budget: at most this many moves per vacancy filled.")]
    = plan_defaults.MAX_MOVES_PER_FILL,
    no_budget: Annotated[bool, typer.Option(
        "--no-move-budget", help="No move budget: every move that gains enough is made.")]
    = False,
    chains: Annotated[bool, typer.Option(
        "--chains/--no-chains", help="Positions movers leave become fillable this round.")]
    = True,
    as_of: Annotated[Optional[str], typer.Option(
        help="Plan as of this date, YYYY-MM-DD (default today).")] = None,
    limit: Annotated[int, typer.Option(min=0, help="Moves to print (0 = all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as the HTTP API's "
                                                         "JSON (POST /plan).")] = False,
    home: Annotated[Optional[Path], typer.Option(
        help="Local state folder (MLflow SQLite + artefacts); env JOBFIT_HOME.")] = None,
) -> None:
    """Plan a whole mutation round: who goes where so that total expected fit is highest.

    Fills many vacancies at once — each person moved at most once, each seat filled at most
    once, the eligibility rules, an optional cap on how many people a unit may lose, the
    employees' own preferences if weighted, and seats vacated by movers refilled in the same
    round (chains). Prints the moves with reasons, the vacancies left open and why, and the
    totals against a greedy baseline and against keeping everyone in place. The engine
    recommends; people decide.
    """
    when = _parse_date(as_of, "--as-of")
    position_ids = _id_list(positions, "--positions")
    candidate_ids = _id_list(candidates, "--candidates")
    from jobfit.plan_show import print_plan
    from planning.plan import plan_round
    from serving.round_parts import round_parts

    settings = _settings(home=home)
    with _ranking_errors():
        rec = _recommender(settings, data)
        answer = plan_round(round_parts(rec), positions=position_ids, candidates=candidate_ids,
                            max_loss_per_unit=max_loss_per_unit,
                            preference_weight=preference_weight, as_of=when, chains=chains,
                            move_cost=move_cost, vacancy_value=vacancy_value,
                            max_moves_per_fill=None if no_budget else max_moves_per_fill)
    if as_json:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
    else:
        print_plan(out, answer, limit=limit)


@app.command()
def demo(
    dir: Annotated[Path, typer.Option("--dir", help="Where the sample city and local state go.")]
    = Path("demo"),
    employees: Annotated[int, typer.Option(min=20, help="Size of the sample city.")] = 5000,
    port: Annotated[int, typer.Option(help="Port for the service.")] = 3000,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve",
                                              help="End by serving on 127.0.0.1.")] = True,
    accept_fairness: Annotated[str, typer.Option(
        "--accept-fairness", metavar="REASON",
        help="Why the demo may serve a model under the fairness bar (recorded on the run and "
             "in the card).")] = DEMO_ACCEPT,
) -> None:
    """The main job end to end: sample city → validation → trained model → service.

    Generates the sample city (once), validates it, trains and registers the model, then
    serves rankings on 127.0.0.1:PORT. The sample city's history is biased by gender and
    age on purpose, so its model is below the fairness bar; the demo accepts that with a
    stated reason (--accept-fairness) so there is a champion to serve — `jobfit card` shows
    the gaps.
    """
    from features.loader import load_export
    from synthetic.kota import generate_city

    city = dir / "city"
    export_dir, truth_dir = city / "export", city / "truth"
    if not (export_dir / "employees.csv").exists():
        console.rule("1. Generating the sample city")
        out.print(generate_city(city, seed=42, n_employees=employees, progress=True))
    console.rule("2. Validating the export")
    _, report = load_export(export_dir)
    out.print(report.to_text(limit=20), markup=False, highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)
    console.rule("3. Training the job-fit model")
    settings = _settings(home=dir / "state")
    console.print(f"[yellow]fairness: a model under the bar is accepted for the demo: "
                  f"{accept_fairness}[/]")
    out.print(train_summary(_run_training(settings, export_dir, truth_dir, accept_fairness)))
    if serve_after:
        console.rule("4. Serving")
        from jobfit.launch import serve_foreground

        serve_foreground(settings, export_dir, host="127.0.0.1", port=port, show_example=True)


@app.command()
def matrix(
    dir: WorldsDirOption = Path(".jobfit/worlds"),
    generators_: GeneratorsOption = "all",
    variants: VariantsOption = "all",
    seeds: SeedsOption = "1,2",
    employees: EmployeesOption = 2000,
    truth_sample: TruthSampleOption = 400,
    out_file: Annotated[Optional[Path], typer.Option(
        "--out", help="Also write the table here (.md, .csv or .json).")] = None,
    proxies: Annotated[str, typer.Option(help="Comma list of age-proxy options "
                                              "(training.policy.PROXY_OPTIONS): one row per "
                                              "option and world.")] = "keep",
    fairness: Annotated[bool, typer.Option(help="Also the ranker's four-fifths ratios and "
                                                "its candidate lists' truth NDCG@10, plain "
                                                "and fair re-ranked (floors and lifts).")]
    = False,
) -> None:
    """Judge the model design on a matrix of worlds: generators × variants × seeds.

    For each world: generate it (once), train without MLflow, and print the truth NDCG@10 of
    the rule, logistic, pointwise, ranker and random scorers, the world's ceiling, the
    ranker's margin over the rule and the share of the rule-to-ceiling distance it closes.
    """
    from jobfit import worlds as wl
    from training.matrix import evaluate_world, summary, to_markdown
    from training.pipeline import TrainConfig

    try:
        seed_list = [int(s) for s in wl.parse_list(seeds, "--seeds")]
        planned = wl.plan_worlds(dir, wl.generator_names(generators_), variants,
                                 seed_list, employees)
        configs = [TrainConfig(truth_sample=truth_sample, proxies=p)
                   for p in wl.parse_list(proxies, "--proxies")]
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(2)
    import pandas as pd

    rows = []
    for i, (world, fresh) in enumerate(wl.ensure(planned, employees), start=1):
        for config in configs:
            row = evaluate_world(world, config, fairness=fairness)
            rows.append(row)
            console.print(f"[{i}/{len(planned)}] {world.name}{' (generated)' if fresh else ''}"
                          f" {config.proxies}: ranker {row['ranker']:.3f}, rule "
                          f"{row['rule']:.3f}, ceiling {row['ceiling']:.3f} "
                          f"({row['seconds']:.0f} s)", highlight=False)
    table = pd.DataFrame(rows)
    text = to_markdown(table)
    s = summary(table)
    text += (f"\nmean over {len(table)} worlds: ranker {s['mean_ranker']:.3f}, rule "
             f"{s['mean_rule']:.3f}, ceiling {s['mean_ceiling']:.3f}; closed "
             f"{s['closed_of_mean']:.0%} of the rule-to-ceiling distance; worst margin over "
             f"the rule {s['min_over_rule']:+.3f}, over the best other baseline "
             f"{s['min_over_best_other']:+.3f}\n")
    sys.stdout.write(text)
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        if out_file.suffix == ".csv":
            table.to_csv(out_file, index=False)
        elif out_file.suffix == ".json":
            table.to_json(out_file, orient="records", indent=1)
        else:
            out_file.write_text(text, encoding="utf-8")


@app.command()
def tune(
    dir: WorldsDirOption = Path(".jobfit/worlds"),
    generators_: GeneratorsOption = "all",
    variants: VariantsOption = "base",
    seeds: SeedsOption = "1,2",
    employees: EmployeesOption = 2000,
    truth_sample: TruthSampleOption = 300,
    trials: Annotated[int, typer.Option(help="Optuna trials per fold (the first is the "
                                             "default design).")] = 20,
    seed: Annotated[int, typer.Option(help="Seed of the search (Optuna's TPE sampler): the "
                                           "same seed gives the same trials.")] = 1,
    jobs: Annotated[int, typer.Option(help="LightGBM threads per training (1 is faster on "
                                           "small worlds or a busy machine).")] = 2,
    home: HomeOption = None,
    out_file: Annotated[Optional[Path], typer.Option(
        "--out", help="Also write the result here (.json, else markdown).")] = None,
) -> None:
    """Choose hyper-parameters leave-one-generator-out on a matrix of worlds.

    For each generator: an Optuna search (ranker parameters, label grades, HR prior weight)
    on the worlds of the OTHER generators, then its best config and the default both judged
    on that generator's worlds. Verdict: adopt only if no fold loses on the generator it was
    not tuned on. One MLflow run (experiment jobfit-tuning), a nested run per fold and per
    trial.
    """
    from jobfit import worlds as wl

    try:
        names = wl.generator_names(generators_)
        if len(names) < 2:
            raise ValueError(f"--generators {generators_!r}: leave-one-generator-out needs "
                             "at least two generators")
        if trials < 1:
            raise ValueError(f"--trials {trials}: give at least 1 trial per fold")
        if jobs < 1:
            raise ValueError(f"--jobs {jobs}: give at least 1 thread")
        seed_list = [int(s) for s in wl.parse_list(seeds, "--seeds")]
        planned = wl.plan_worlds(dir, names, variants, seed_list, employees)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    from training.pipeline import TrainConfig
    from training.tuning import tune as run_tuning

    for i, (world, fresh) in enumerate(wl.ensure(planned, employees), start=1):
        console.print(f"[{i}/{len(planned)}] {world.name}"
                      f"{' (generated)' if fresh else ' (kept)'}", highlight=False)

    def on_trial(held_out: str, number: int, value: float, seconds: float) -> None:
        console.print(f"[{held_out} held out] trial {number}/{trials}: mean ranker truth "
                      f"NDCG@10 {value:.3f} ({seconds:.0f} s)", markup=False,
                      highlight=False, soft_wrap=True)

    settings = _settings(home=home)
    result = run_tuning(settings, planned, trials=trials, seed=seed, on_trial=on_trial,
                        base=TrainConfig(truth_sample=truth_sample, n_jobs=jobs))
    text = result.to_markdown()
    sys.stdout.write(text + f"\nMLflow: run {result.run_id} in {settings.tracking_uri}\n")
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        if out_file.suffix == ".json":
            out_file.write_text(json.dumps(result.to_dict(), indent=1), encoding="utf-8")
        else:
            out_file.write_text(text, encoding="utf-8")


@app.command()
def ui(
    home: Annotated[Optional[Path], typer.Option(
        help="Local state folder whose MLflow store to show (e.g. demo/state); env "
             "JOBFIT_HOME.")] = None,
    port: Annotated[int, typer.Option(help="Port for the MLflow UI.")] = 5000,
) -> None:
    """Open the MLflow UI on the local store: runs, metrics, plots, registered models.

    Serves on 127.0.0.1:PORT with one worker and no job runner (~0.5 GB, ready in ~5 s).
    With MLFLOW_TRACKING_URI set, that store is shown instead.
    """
    import os
    import subprocess

    settings = _settings(home=home)
    uri = settings.tracking_uri
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).exists():
        console.print(f"[red]error:[/] no MLflow store at {uri} — train first, or pass --home")
        raise typer.Exit(2)
    env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    console.print(f"MLflow UI for {uri} on http://127.0.0.1:{port} (Ctrl-C stops it)")
    cmd = [sys.executable, "-m", "mlflow", "server", "--backend-store-uri", uri,
           "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    raise typer.Exit(subprocess.call(cmd, env=env))


# --- the state database: `jobfit db …` and `jobfit round …` -----------------------------------
db_app = typer.Typer(help="The state database (rounds, decisions, preferences, audit): "
                          "JOBFIT_DATABASE_URL, default SQLite $JOBFIT_HOME/jobfit.db.",
                     no_args_is_help=True)
round_app = typer.Typer(help="A mutation round in the state database: plan it, decide its "
                             "moves, enact it — the same code as the service's /rounds "
                             "routes, on the same database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(round_app, name="round")

HomeOption = Annotated[Optional[Path], typer.Option(
    help="Local state folder (MLflow, default state database); env JOBFIT_HOME.")]
ActorOption = Annotated[Optional[str], typer.Option(
    help="Who is writing, for the audit (env JOBFIT_ACTOR; default cli:<login name>).")]
KeyOption = Annotated[Optional[str], typer.Option(
    "--idempotency-key", help="Run at most once: the same key again answers the first "
                              "result.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the HTTP API's JSON.")]


@contextlib.contextmanager
def _state_errors():
    """The state layer's and the planner's clear errors as one line and an exit code: 1 for a
    request the database refuses (unknown id, stale version, broken rule), 2 when the database
    itself is the problem."""
    from rich.markup import escape

    from features.requests import RequestError, UnknownId
    from serving.state import StateError
    from serving.state.backup import BackupError

    try:
        yield
    except StateError as exc:
        console.print("[red]error:[/]", escape(exc.message))
        raise typer.Exit(1 if exc.status < 500 else 2)
    except (UnknownId, RequestError) as exc:
        console.print("[red]error:[/]", escape(str(exc)))
        raise typer.Exit(1)
    except (BackupError, ValueError) as exc:
        console.print("[red]error:[/]", escape(str(exc)))
        raise typer.Exit(2)


def _open_state(settings: Settings):
    """The StateStore the service uses (SQLite migrated on open, PostgreSQL checked)."""
    from serving.rounds import open_state

    with _state_errors():
        return open_state(settings.state_url)


def _actor(settings: Settings, actor: Optional[str]) -> str:
    import getpass

    if actor:
        return actor
    if settings.actor:
        return settings.actor
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _print_json(answer) -> None:
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("upgrade")
def db_upgrade(home: HomeOption = None) -> None:
    """Bring the state database to this version's schema (a no-op when it is there)."""
    from serving.state import upgrade

    settings = _settings(home=home)
    with _state_errors():
        rev = upgrade(settings.state_url)
    out.print(f"state database {_shown_url(settings.state_url)} at schema {rev}")


@db_app.command("current")
def db_current(home: HomeOption = None) -> None:
    """Which schema the state database is at, and the one this version needs."""
    from serving.state import current, head

    settings = _settings(home=home)
    with _state_errors():
        at, want = current(settings.state_url), head()
    out.print(f"state database {_shown_url(settings.state_url)}: schema {at or 'none (empty)'}"
              f"; this version needs {want}" + ("" if at == want else
                                                 " — run `jobfit db upgrade`"))
    raise typer.Exit(0 if at == want else 1)


@db_app.command("backup")
def db_backup(dest: Annotated[Path, typer.Argument(help="File to write the copy to.")],
              home: HomeOption = None) -> None:
    """Copy the state database while the service keeps running (SQLite: the online backup
    API into one self-contained file; PostgreSQL: pg_dump --format=custom)."""
    from serving.state import backup

    settings = _settings(home=home)
    with _state_errors():
        path = backup(settings.state_url, dest)
    out.print(f"backup written: {path} ({path.stat().st_size:,} bytes)")


@round_app.command("create")
def round_create(
    data: ExportDir,
    name: Annotated[str, typer.Option(help="What HR calls the round.")],
    positions: Annotated[Optional[str], typer.Option(
        help="Positions to fill: ID,ID,… or @FILE; default every vacancy.")] = None,
    candidates: Annotated[Optional[str], typer.Option(
        help="Who may move: ID,ID,… or @FILE; default everyone due for transfer.")] = None,
    max_loss_per_unit: Annotated[Optional[int], typer.Option(min=0)] = None,
    preference_weight: Annotated[float, typer.Option(min=0.0, max=1.0)]
    = plan_defaults.PREFERENCE_WEIGHT,
    move_cost: Annotated[float, typer.Option(min=0.0, max=1.0)] = plan_defaults.MOVE_COST,
    vacancy_value: Annotated[float, typer.Option(min=0.0, max=1.0)]
    = plan_defaults.VACANCY_VALUE,
    max_moves_per_fill: Annotated[Optional[float], typer.Option(min=0.0, max=100.0)]
    = plan_defaults.MAX_MOVES_PER_FILL,
    no_budget: Annotated[bool, typer.Option("--no-move-budget")] = False,
    chains: Annotated[bool, typer.Option("--chains/--no-chains")] = True,
    as_of: Annotated[Optional[str], typer.Option(help="Plan as of YYYY-MM-DD.")] = None,
    actor: ActorOption = None, idempotency_key: KeyOption = None, as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Plan a round (as `jobfit plan` does) and store it as a draft in the state database."""
    from serving.rounds import RoundDesk

    when = _parse_date(as_of, "--as-of")
    params = {"positions": _id_list(positions, "--positions"),
              "candidates": _id_list(candidates, "--candidates"),
              "max_loss_per_unit": max_loss_per_unit, "preference_weight": preference_weight,
              "move_cost": move_cost, "vacancy_value": vacancy_value,
              "max_moves_per_fill": None if no_budget else max_moves_per_fill,
              "chains": chains, "as_of": when}
    settings = _settings(home=home)
    store = _open_state(settings)
    with _ranking_errors():
        rec = _recommender(settings, data)
    rec.use_stated_preferences(store)
    with _state_errors():
        answer = RoundDesk(store, recommender=rec).create_round(
            name, params, _actor(settings, actor), idempotency_key)
    if as_json:
        _print_json(answer)
    else:
        from jobfit.plan_show import print_round

        print_round(out, answer, limit=20)


@round_app.command("list")
def round_list(as_json: JsonOption = False, home: HomeOption = None) -> None:
    """Every round in the state database, oldest first."""
    settings = _settings(home=home)
    store = _open_state(settings)
    with _state_errors():
        rounds = store.list_rounds()
    if as_json:
        _print_json({"rounds": rounds})
        return
    from jobfit.plan_show import print_round_list

    print_round_list(out, rounds)


@round_app.command("show")
def round_show(
    round_id: Annotated[str, typer.Argument(help="The round.")],
    limit: Annotated[int, typer.Option(min=0, help="Moves to print (0 = all).")] = 50,
    as_json: JsonOption = False, home: HomeOption = None,
) -> None:
    """One round with each move's current decision."""
    settings = _settings(home=home)
    store = _open_state(settings)
    with _state_errors():
        answer = store.get_round(round_id)
    if as_json:
        _print_json(answer)
        return
    from jobfit.plan_show import print_round

    print_round(out, answer, limit=limit)


@round_app.command("decide")
def round_decide(
    round_id: Annotated[str, typer.Argument(help="The round.")],
    move: Annotated[str, typer.Option("--move", help="The move (m1, m2, …).")],
    decision: Annotated[str, typer.Option(help="approve, reject or override.")],
    reason: Annotated[Optional[str], typer.Option(help="Why (required for an override).")]
    = None,
    employee: Annotated[Optional[str], typer.Option(
        "--employee", help="Override: who goes instead.")] = None,
    position: Annotated[Optional[str], typer.Option(
        "--position", help="Override: where the employee goes instead.")] = None,
    expected_version: Annotated[Optional[int], typer.Option(
        min=1, help="The round's version you decided on (default: its version now).")] = None,
    data: Annotated[Optional[Path], typer.Option(
        "--data", help="The HR export: needed for an override (its eligibility rules).")]
    = None,
    actor: ActorOption = None, idempotency_key: KeyOption = None, as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Approve, reject or override one move of a draft round."""
    from serving.rounds import RoundDesk

    settings = _settings(home=home)
    store = _open_state(settings)
    export = eligibility = None
    if decision == "override":
        if data is None:
            console.print("[red]error:[/] an override is checked against the eligibility "
                          "rules: give --data EXPORT_DIR")
            raise typer.Exit(2)
        from features.eligibility import EligibilityIndex

        export = _load_or_exit(data)
        eligibility = EligibilityIndex(export, settings.min_tenure_years)
    with _state_errors():
        if expected_version is None:
            expected_version = store.round_header(round_id)["version"]
        answer = RoundDesk(store, export=export, eligibility=eligibility).decide(
            round_id, move, decision, reason, expected_version, _actor(settings, actor),
            employee, position, idempotency_key)
    if as_json:
        _print_json(answer)
    else:
        out.print(f"{decision} recorded on {move} ({answer['decision_id']}); round {round_id} "
                  f"is now at version {answer['round_version']}")


@round_app.command("enact")
def round_enact(
    round_id: Annotated[str, typer.Argument(help="The round.")],
    expected_version: Annotated[Optional[int], typer.Option(
        min=1, help="The round's version you enact (default: its version now).")] = None,
    actor: ActorOption = None, idempotency_key: KeyOption = None, as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Freeze a round (status enacted): it takes no more decisions."""
    from serving.rounds import RoundDesk

    settings = _settings(home=home)
    store = _open_state(settings)
    with _state_errors():
        if expected_version is None:
            expected_version = store.round_header(round_id)["version"]
        answer = RoundDesk(store).enact(round_id, expected_version, _actor(settings, actor),
                                        idempotency_key)
    if as_json:
        _print_json(answer)
    else:
        out.print(f"round {round_id} enacted at version {answer['version']}")


@round_app.command("audit")
def round_audit(
    round_id: Annotated[Optional[str], typer.Option("--round", help="Only this round.")]
    = None,
    since: Annotated[Optional[str], typer.Option(help="At or after this ISO date-time.")]
    = None,
    as_json: JsonOption = False, home: HomeOption = None,
) -> None:
    """The audit trail: every write, oldest first (GET /audit)."""
    settings = _settings(home=home)
    store = _open_state(settings)
    with _state_errors():
        records = store.audit(round_id=round_id, since=since)
    if as_json:
        _print_json({"records": records})
        return
    for r in records:
        out.print(f"{r['at']}  {r['actor']}  {r['action']}  {r['target']['type']} "
                  f"{r['target']['id']}", markup=False, highlight=False)


# --- outcomes: ingest, reports, the simulated next year --------------------------------------
report_app = typer.Typer(help="Reports on what happened: a round's outcome after a later "
                              "export (`report round`), what changed between two exports "
                              "(`report drift`). Bahasa Indonesia by default, --lang en.",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")
LangOption = Annotated[str, typer.Option(help="Language of the report's sentences: id or en.")]
OutOption = Annotated[Optional[Path], typer.Option(
    "--out", help="Also write the report JSON and its plots (PNG) into this folder.")]
MlflowOption = Annotated[bool, typer.Option(
    "--mlflow/--no-mlflow", help="Log the report as a run of the MLflow experiment "
                                 "jobfit-outcomes (metrics, JSON, plots).")]


@app.command()
def ingest(
    data: ExportDir,
    round_ids: Annotated[Optional[list[str]], typer.Option(
        "--round", help="Only this round (repeatable); default every enacted round older "
                        "than the export.")] = None,
    actor: ActorOption = None, as_json: JsonOption = False, home: HomeOption = None,
) -> None:
    """Match enacted rounds with a later export and store their outcomes.

    Did each move happen, the appraisals since, each unit before and after — stored once per
    export: ingesting the same export again writes nothing."""
    from serving.outcomes.ingest import ingest as run_ingest

    settings = _settings(home=home)
    store = _open_state(settings)
    export = _load_or_exit(data)
    with _state_errors():
        answer = run_ingest(store, export, _actor(settings, actor), round_ids or None)
    if as_json:
        _print_json(answer)
        return
    from jobfit.outcome_show import print_ingest

    print_ingest(out, answer)


@report_app.command("round")
def report_round(
    round_id: Annotated[str, typer.Argument(help="The round (enacted, with an ingested "
                                                 "later export).")],
    lang: LangOption = "id", as_json: JsonOption = False, out_dir: OutOption = None,
    mlflow: MlflowOption = True, home: HomeOption = None,
) -> None:
    """A round's outcome, as GET /rounds/{id}/report answers.

    Followed-through rate, predicted score against realised appraisal, each unit before and
    after, overridden moves against planned ones."""
    from jobfit import outcome_show
    from serving.outcomes.plots import round_figures
    from serving.outcomes.report import round_report
    from serving.outcomes.texts import check_lang

    settings = _settings(home=home)
    store = _open_state(settings)
    with _state_errors():
        report = round_report(store, round_id, check_lang(lang))
    _deliver_report(
        settings, report, lambda: round_figures(report), "round_report.json", out_dir,
        mlflow and dict(run_name=f"round report {round_id}",
                        metrics=outcome_show.round_metrics(report),
                        params={"round_id": round_id, "outcome_snapshot":
                                report["outcome"]["data_snapshot"], "lang": report["lang"]},
                        tags={"report": "round", "round_id": round_id,
                              "model_version": report["model_version"]}),
        as_json, outcome_show.print_round_report)


def _deliver_report(settings, report: dict, figures: Callable[[], dict], report_file: str,
                    out_dir, mlflow_run: dict | bool, as_json: bool, show) -> None:
    """A report's figures and JSON saved (--out), logged to MLflow (`mlflow_run`: the run's
    name, metrics, params, tags; False: not logged), then printed (as JSON or by `show`).

    `figures()` draws the report's figures: called only when something keeps them, and each
    figure is rendered once — the PNG files written for --out (without it: into a scratch
    folder) are the files MLflow logs."""
    from jobfit import outcome_show

    if out_dir is not None or mlflow_run:
        with tempfile.TemporaryDirectory(prefix="jobfit-report-") as scratch:
            folder = out_dir if out_dir is not None else Path(scratch)
            files = outcome_show.save(report, figures(), folder, report_file)
            if mlflow_run:
                from training.reports_tracking import log_report

                name = mlflow_run.pop("run_name")
                report["mlflow_run_id"] = log_report(
                    settings, name, report=report, report_file=report_file,
                    plots=[f for f in files if f.suffix == ".png"], **mlflow_run)
    if as_json:
        _print_json(report)
        return
    show(out, report)
    if report.get("mlflow_run_id"):
        out.print(f"MLflow run {report['mlflow_run_id']} (experiment jobfit-outcomes)")


@report_app.command("drift")
def report_drift(
    old: Annotated[Path, typer.Argument(help="The earlier HR export folder.")],
    new: Annotated[Path, typer.Argument(help="The later HR export folder.")],
    lang: LangOption = "id", as_json: JsonOption = False, out_dir: OutOption = None,
    mlflow: MlflowOption = True, home: HomeOption = None,
) -> None:
    """What changed between two exports (PSI per feature and of the score, plots).

    Over everyone in their current post: every model feature and the champion's score."""
    from jobfit import outcome_show
    from serving.outcomes.drift import drift_report
    from serving.outcomes.plots import drift_figures
    from serving.outcomes.texts import check_lang

    settings = _settings(home=home)
    with _state_errors():
        lang = check_lang(lang)
    a, b = _load_or_exit(old), _load_or_exit(new)
    model = version = None
    try:
        from models.registry import load_champion

        model, version = load_champion(settings)
    except Exception as exc:  # noqa: BLE001 - no champion: the features alone are still useful
        console.print(f"[yellow]no champion model ({type(exc).__name__}): the score's "
                      "distribution is left out[/]")
    report = drift_report(a, b, model, lang)
    report["model_version"] = version
    _deliver_report(
        settings, report, lambda: drift_figures(report), "drift_report.json", out_dir,
        mlflow and dict(run_name=f"drift {a.snapshot} → {b.snapshot}",
                        metrics=outcome_show.drift_metrics(report),
                        params={"old": a.snapshot, "new": b.snapshot, "lang": lang,
                                "model_version": version or "none"},
                        tags={"report": "drift"}),
        as_json, outcome_show.print_drift)


@app.command("simulate-year")
def simulate_year(
    from_dir: Annotated[Path, typer.Option("--from", help="A city from `jobfit generate` "
                                                          "(kota): export/ and truth/.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the city a year on.")],
    round_id: Annotated[Optional[str], typer.Option(
        "--round", help="Take the enacted moves of this round from the state database.")]
    = None,
    round_moves: Annotated[Optional[Path], typer.Option(
        "--round-moves", help="Or from a JSON file: [{employee_id, to_position_id}, …], or "
                              "a round as `jobfit round show ID --json` prints it.")] = None,
    follow_through: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Probability that an enacted move is carried out.")] = 0.9,
    seed: Annotated[Optional[int], typer.Option(help="Seed of the year (default: the "
                                                     "city's).")] = None,
    round_date: Annotated[Optional[str], typer.Option(
        help="When the moves take effect (YYYY-MM-DD); default the round's as_of, else the "
             "city's date.")] = None,
    home: HomeOption = None,
) -> None:
    """The synthetic city one year on from an enacted round (a new export).

    The round's moves carried out (each with probability --follow-through), a year of
    appraisals drawn from the truth, written in the same contract (DIR/export, DIR/truth)."""
    from serving.outcomes.match import effective_moves
    from serving.outcomes.match import round_date as round_date_of
    from synthetic.kota.nextyear import simulate_next_year

    when = _parse_date(round_date, "--round-date")

    if (round_id is None) == (round_moves is None):
        console.print("[red]error:[/] give exactly one of --round ID and --round-moves FILE")
        raise typer.Exit(2)
    if round_id is not None:
        store = _open_state(_settings(home=home))
        with _state_errors():
            rnd = store.get_round(round_id)
        if rnd["status"] != "enacted":
            console.print(f"[red]error:[/] --round {round_id}: the round is a draft; enact it "
                          "first")
            raise typer.Exit(1)
        moves = [m for m in effective_moves(rnd) if m["enacted"]]
        when = when or round_date_of(rnd)
    else:
        try:
            loaded = json.loads(round_moves.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            console.print(f"[red]error:[/] --round-moves {round_moves}: {exc}")
            raise typer.Exit(2)
        if isinstance(loaded, dict) and isinstance(loaded.get("moves"), list):
            if "round_id" in loaded:
                with _state_errors():
                    when = when or round_date_of(loaded)
                loaded = [m for m in effective_moves(loaded) if m["enacted"]]
            else:
                loaded = loaded["moves"]
        moves = loaded
    plain = [{"employee_id": m.get("employee_id"), "to_position_id": m.get("to_position_id")}
             if isinstance(m, dict) else m for m in (moves if isinstance(moves, list) else [])]
    if not isinstance(moves, list):
        console.print("[red]error:[/] --round-moves: expected a list of moves")
        raise typer.Exit(2)
    try:
        summary = simulate_next_year(from_dir, plain, out_dir, follow_through=follow_through,
                                     seed=seed, round_date=when)
    except ValueError as exc:
        from rich.markup import escape

        console.print("[red]error:[/]", escape(str(exc)))
        raise typer.Exit(2)
    out.print(summary.to_text(), markup=False, highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
