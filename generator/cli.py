"""Command line: parse flags, set the log level, call the pipeline, map errors.

Subcommands: build (the default job), validate, serve, schema, new, fmt. The CLI
holds no logic; each flag only passes a value on.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from generator.errors import EntriesInvalid, format_problems, summarize

log = logging.getLogger("generator")

EXIT_OK = 0
EXIT_PROBLEMS = 1  # an entry is wrong: the contributor can fix it
EXIT_BUG = 3  # anything else: a generator bug worth an issue


def main(argv: list[str] | None = None) -> int:
    parser = _make_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    root = Path(args.root).resolve()
    try:
        return args.run(args, root)
    except EntriesInvalid as invalid:
        print(format_problems(invalid.problems), file=sys.stderr)
        print(f"{invalid}; nothing was built", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except _mkdocs_errors() as error:
        # MkDocs already logged the warnings that made it stop.
        print(f"mkdocs: {error}; nothing was built", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if args.verbose:
            raise
        print(f"internal error: {type(error).__name__}: {error} "
              "(a generator bug; rerun with --verbose and report it)", file=sys.stderr)
        return EXIT_BUG


def _mkdocs_errors() -> tuple[type[Exception], ...]:
    from mkdocs.exceptions import Abort, MkDocsException

    return (Abort, MkDocsException)


def _make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the reading-list site from the entries in papers/.",
    )
    parser.add_argument("--root", default=".", help="repository root (default: .)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log each pipeline step and file")
    parser.set_defaults(run=_run_build, strict=False, site_dir=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # -v also works after the command (`build -v`); SUPPRESS keeps an absent
    # flag there from resetting one given before the command.
    verbose_after = argparse.ArgumentParser(add_help=False)
    verbose_after.add_argument("-v", "--verbose", action="store_true",
                               default=argparse.SUPPRESS, help="log each step and file")

    def add_command(name: str, **options) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[verbose_after], **options)

    build = add_command("build", help="check the entries and build site/")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--site-dir", help="where to write the site (default: site/)")
    build.set_defaults(run=_run_build)

    validate = add_command("validate", help="check the entries, build nothing")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.add_argument("--format", choices=("text", "github", "json"), default="text",
                          help="text for people, github for workflow annotations, "
                               "json for tools")
    validate.set_defaults(run=_run_validate)

    serve = add_command("serve", help="live preview that rebuilds on every edit")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_run_serve)

    schema = add_command("schema", help="print the entry JSON Schema")
    schema.set_defaults(run=_run_schema)

    new = add_command(
        "new", help="write papers/<slug>.md from arXiv, a DOI, BibTeX or a template",
        description="Write a new entry; only its topics are left for you to choose.")
    new.add_argument("arxiv", nargs="?", metavar="ARXIV_ID",
                     help="arXiv id or URL, e.g. 2407.05996 or hep-th/9711200")
    new.add_argument("--doi", help="fetch the record from Crossref by DOI")
    new.add_argument("--bibtex", metavar="FILE", help="read one BibTeX entry from FILE")
    new.add_argument("--blank", action="store_true",
                     help="write a commented template to fill in by hand")
    new.add_argument("--slug", help="file name (without .md) instead of one made from "
                                    "the title")
    new.set_defaults(run=_run_new)

    fmt = add_command(
        "fmt", help="normalise entries: field order, quoting, dates, bare ids",
        description="Rewrite the front matter of entries in canonical form; comments "
                    "and the body are kept as written.")
    fmt.add_argument("files", nargs="*", metavar="FILE",
                     help="entry files (default: every entry in papers/)")
    fmt.add_argument("--check", action="store_true",
                     help="change nothing; exit 1 if a file would change")
    fmt.set_defaults(run=_run_fmt)
    return parser


def _run_build(args, root: Path) -> int:
    from generator.build import build_site

    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    summary = build_site(root, site_dir=site_dir, strict=args.strict)
    print(summary)
    return EXIT_OK


def _run_validate(args, root: Path) -> int:
    from generator.build import load_reading_list

    try:
        reading_list, problems = load_reading_list(root)
    except EntriesInvalid as invalid:
        problems = invalid.problems
    failed = any(problem.is_error or args.strict for problem in problems)
    if args.format == "text":
        if problems:
            print(format_problems(problems), file=sys.stderr)
        print(summarize(problems) if problems else "All entries are valid",
              file=sys.stderr)
    else:
        output = format_problems(problems, args.format)
        if output:
            print(output)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _run_serve(args, root: Path) -> int:
    from mkdocs.commands.serve import serve

    # Serve the preview at the root, whatever site_url says for publishing.
    os.environ["SITE_URL"] = f"http://127.0.0.1:{args.port}/"
    # Show where the preview is served and when it reloads.
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    logging.getLogger("mkdocs.commands.serve").setLevel(logging.INFO)
    serve(str(root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{args.port}", livereload=True)
    return EXIT_OK


def _run_schema(args, root: Path) -> int:
    from generator.schema import schema_json

    print(schema_json(), end="")
    return EXIT_OK


class _CuratorFormatter(logging.Formatter):
    """Prefix warnings with "warning: "; info and debug lines stay bare."""

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        if record.levelno >= logging.WARNING:
            return f"{record.levelname.lower()}: {message}"
        return message


def _run_new(args, root: Path) -> int:
    from generator.new import NewEntryError, create_entry

    try:
        report = create_entry(root, arxiv=args.arxiv, doi=args.doi, bibtex=args.bibtex,
                              blank=args.blank, slug=args.slug)
    except NewEntryError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    print(report)
    return EXIT_OK


def _run_fmt(args, root: Path) -> int:
    from generator.fmt import format_files, list_files_to_format, summarize_results

    paths = [Path(name) for name in args.files] or list_files_to_format(root / "papers")
    results = format_files(paths, root, check=args.check)
    lines, failed = summarize_results(results, check=args.check)
    print("\n".join(lines), file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_CuratorFormatter("%(message)s"))
    logging.basicConfig(handlers=[handler],
                        level=logging.DEBUG if verbose else logging.WARNING)
    # MkDocs narrates every build step at INFO and its config at DEBUG;
    # curators want only problems, or with --verbose the steps.
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("generator").setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("MARKDOWN").setLevel(logging.WARNING)
    logging.getLogger("watchdog").setLevel(logging.WARNING)
