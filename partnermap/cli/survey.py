"""``partnermap survey create / form / import / report / links``: partnership surveys from the command line.

Each command is one library call (:mod:`partnermap.surveys`), its output printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from partnermap.cli.common import (
    Format,
    FormatOpt,
    open_store_of,
    out,
    parse_day,
    reports_errors,
    write_failed,
)
from partnermap.errors import PartnermapError

if TYPE_CHECKING:
    from partnermap.surveys.results import WaveComparison, WaveResults

__all__ = ["links", "register", "survey_app"]

survey_app = typer.Typer(
    rich_markup_mode=None,
    name="survey",
    help="Partnership surveys: waves, XLSX forms, answers, results.",
    no_args_is_help=True,
)

WaveArg = Annotated[str, typer.Argument(help="The survey wave's id, e.g. wave:elvl-coordinators-2026.")]


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PartnermapError(f"cannot read {path}: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PartnermapError(f"{path}: not a YAML file: {exc}") from None
    if not isinstance(data, dict):
        raise PartnermapError(f"{path}: expected a mapping of the wave's fields (id, subject, start...)")
    return data


@survey_app.command("create")
@reports_errors
def create(
    ctx: typer.Context,
    wave_id: Annotated[
        str | None,
        typer.Argument(help="The new wave's id, e.g. wave:elvl-coordinators-2026.", show_default=False),
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="The network or project surveyed.", show_default=False)
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="The day it opens.", show_default=False)
    ] = None,
    end: Annotated[str | None, typer.Option("--end", help="The day it closes.", show_default=False)] = None,
    name: Annotated[str | None, typer.Option("--name", help="Its name.", show_default=False)] = None,
    respondent: Annotated[
        list[str] | None,
        typer.Option(
            "--respondent", help="An organisation asked (repeat; default: every member on the start day)."
        ),
    ] = None,
    previous: Annotated[
        str | None,
        typer.Option("--previous", help="The earlier wave it is compared with.", show_default=False),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from", help="A YAML file of the wave's fields; options given override it.", show_default=False
        ),
    ] = None,
) -> None:
    """Create a survey wave of a network or project (from options or a YAML file)."""
    from partnermap.surveys.waves import new_wave

    data: dict[str, Any] = _read_yaml(from_file) if from_file is not None else {}
    given = {
        "id": wave_id,
        "subject": subject,
        "start": parse_day(start, "--start"),
        "end": parse_day(end, "--end"),
        "name": name,
        "respondents": respondent or None,
        "previous": previous,
    }
    data.update({k: v for k, v in given.items() if v is not None})
    with open_store_of(ctx) as store:
        wave = new_wave(store, data)
    out.print(
        f"created {wave.id} of {wave.subject}: {len(wave.respondents)} respondents, "
        f"opens {wave.start.isoformat()}",
        markup=False,
    )


@survey_app.command("form")
@reports_errors
def form(
    ctx: typer.Context,
    wave_id: WaveArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write the forms into.")],
) -> None:
    """Write one XLSX form per respondent (partners pre-filled, drop-downs, Estonian and English)."""
    from partnermap.surveys.forms import write_forms

    with open_store_of(ctx) as store:
        files = write_forms(store, wave_id, output)
    out.print(f"wrote {len(files)} forms into {output}", markup=False)


@survey_app.command("import")
@reports_errors
def import_(
    ctx: typer.Context,
    wave_id: WaveArg,
    files: Annotated[list[Path], typer.Argument(help="Filled XLSX forms.")],
) -> None:
    """Read filled XLSX forms back: every problem by sheet, row and column, else one transaction per file."""
    from partnermap.surveys.forms import import_forms

    with open_store_of(ctx) as store:
        responses = import_forms(store, wave_id, files)
    for response in responses:
        out.print(
            f"{response.respondent}: revision {response.revision}, "
            f"{len(response.answers)} answers ({response.id})",
            markup=False,
        )


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _print_results(r: WaveResults) -> None:
    rec = r.reciprocity
    lines = [
        f"{r.wave} ({r.subject}, opened {r.start.isoformat()})",
        f"  response rate   {_share(r.response_rate)} ({r.responded} of {r.asked})",
        f"  ties            {r.ties}, density {_share(r.density)}, "
        f"degree centralization {_share(r.centralization)}",
        f"  reciprocity     {_share(rec.rate)} ({rec.mutual} mutual, {rec.one_sided} one-sided, "
        f"{rec.unconfirmed} unconfirmed)",
        f"  trust / value   {_share(r.trust)} / {_share(r.value)} (mean of the items as a share of 4)",
        "  organisation                              degree  trust  value",
    ]
    lines += [
        f"  {o.name[:40]:<40}  {o.degree:>6}  {_share(o.trust):>5}  {_share(o.value):>5}"
        for o in r.organisations
    ]
    out.print("\n".join(lines), markup=False)


def _print_comparison(c: WaveComparison) -> None:
    _print_results(c.before)
    _print_results(c.after)
    lines = [
        f"{c.before.wave} -> {c.after.wave} ({len(c.compared)} respondents answered both)",
        f"  ties added {len(c.ties_added)}, ended {len(c.ties_ended)}, changed level {len(c.level_changed)}",
        f"  trust up {c.trust_up}, down {c.trust_down}; value up {c.value_up}, down {c.value_down}",
    ]
    lines += [f"  + {t.respondent} -> {t.partner} ({t.level_after})" for t in c.ties_added]
    lines += [f"  - {t.respondent} -> {t.partner} (was {t.level_before})" for t in c.ties_ended]
    lines += [
        f"  ~ {t.respondent} -> {t.partner}: {t.level_before} -> {t.level_after}" for t in c.level_changed
    ]
    out.print("\n".join(lines), markup=False)


@survey_app.command("report")
@reports_errors
def report(
    ctx: typer.Context,
    wave_id: WaveArg,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare", help="Another wave of the same network to compare with.", show_default=False
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """A wave's results: response rate, density, centralization, reciprocity, trust and value."""
    from partnermap.metrics import to_jsonable
    from partnermap.surveys.results import WaveComparison, wave_report

    with open_store_of(ctx) as store:
        result = wave_report(store, wave_id, compare)
    if fmt is Format.json:
        typer.echo(json.dumps(to_jsonable(result), ensure_ascii=False, allow_nan=False, indent=2))
    elif isinstance(result, WaveComparison):
        _print_comparison(result)
    else:
        _print_results(result)


@survey_app.command("links")
@reports_errors
def links(
    ctx: typer.Context,
    wave: Annotated[str, typer.Argument(help="The wave: its id (wave:elvl-2026) or slug (elvl-2026).")],
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", help="Where the API is served for respondents, e.g. https://kaart.example.ee."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the links to this CSV file instead of printing them."),
    ] = None,
) -> None:
    """Make each respondent's link to the web form (new links: the ones sent before stop working)."""
    from partnermap.surveys.tokens import survey_links

    with open_store_of(ctx) as store:
        try:
            made = survey_links(store, wave, base_url, out=output)
        except OSError as exc:
            raise write_failed(output or Path("."), exc) from None
    if output is not None:
        out.print(f"wrote {len(made)} links to {output}; send each to its respondent", markup=False)
        return
    for link in made:  # tab-separated and unwrapped (not rich): for scripts and mail merges
        typer.echo(f"{link.respondent}\t{link.name}\t{link.url}")


def register(app: typer.Typer) -> None:
    """Add the survey commands to ``app``."""
    app.add_typer(survey_app, name="survey")
