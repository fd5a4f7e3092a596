"""Pages generated from the data: the Datasets reference and the Glossary."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..data import datasets as ds
from ..data import loaders
from ..errors import LessonkitError
from .warnings import warn_problems

__all__ = ["DatasetsDirective", "GlossaryDirective", "setup_reference"]


def _paragraphs(directive: SphinxDirective, text: str) -> list[nodes.Node]:
    """Parse Markdown/MyST text (from a dictionary) into nodes."""
    container = nodes.container()
    directive.state.nested_parse(text.splitlines(), directive.content_offset, container)
    return list(container.children)


def _table(header: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["lk-dictionary"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head = nodes.thead()
    group += head
    head_row = nodes.row()
    head_row.extend(nodes.entry("", nodes.paragraph(text=h)) for h in header)
    head += head_row
    body = nodes.tbody()
    group += body
    for cells in rows:
        body_row = nodes.row()
        body_row.extend(nodes.entry("", nodes.paragraph(text=c)) for c in cells)
        body += body_row
    return table


class DatasetsDirective(SphinxDirective):
    """``lessonkit-datasets``: one section per table, built from its data dictionary."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ..data.references import cite

        out: list[nodes.Node] = []
        folder = ds.datasets_dir()
        for name in ds.list_datasets(folder):
            try:
                sch = ds.schema(name, folder)
                count = len(ds.rows(name, folder))
            except LessonkitError as exc:
                warn_problems(exc.problems, "dataset")
                continue
            self.env.note_dependency(sch.path)
            self.env.note_dependency(str(folder / f"{name}.csv"))
            section = nodes.section(ids=[f"dataset-{name}"], names=[f"dataset-{name}"])
            section += nodes.title(text=f"{sch.title} ({name})")
            section.extend(_paragraphs(self, sch.description))
            facts = nodes.bullet_list()
            loader = (
                f"lessonkit.load_{name}()"
                if hasattr(loaders, f"load_{name}")
                else f"lessonkit.load('{name}')"
            )
            for label, value in (
                ("Loader", loader),
                ("Rows", str(count)),
                ("Licence", ", ".join(sch.licenses)),
                ("Key", sch.primary_key or "none"),
                ("Files", f"datasets/{name}.csv, datasets/{name}.yaml"),
            ):
                item = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.strong(text=f"{label}: ")
                para += (
                    nodes.literal(text=value)
                    if label in ("Loader", "Files", "Key")
                    else nodes.Text(value)
                )
                item += para
                facts += item
            section += facts
            rows = [
                [
                    f.name,
                    f.type,
                    "yes" if f.required else "no",
                    f.description,
                    f.allowed_text(),
                ]
                for f in sch.fields
            ]
            section += _table(
                ["column", "type", "required", "description", "allowed values"],
                rows,
                [14, 8, 8, 45, 25],
            )
            if sch.sources:
                section += nodes.paragraph(
                    text="Sources: " + "; ".join(cite(k) for k in sch.sources)
                )
            out.append(section)
        return out


class GlossaryDirective(SphinxDirective):
    """``lessonkit-glossary``: a Sphinx glossary built from the glossary table."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from sphinx import addnodes
        from sphinx.domains.std import make_glossary_term

        folder = ds.datasets_dir()
        self.env.note_dependency(str(folder / "glossary.csv"))
        entries = sorted(
            ds.rows("glossary", folder), key=lambda r: r["term"].strip("'\"“”‘’").lower()
        )
        glossary = addnodes.glossary()
        glossary["sorted"] = False  # already sorted above, without the quotes
        dlist = nodes.definition_list(classes=["glossary", "lk-glossary"])
        glossary += dlist
        source, line = self.get_source_info()
        for entry in entries:
            item = nodes.definition_list_item()
            label = entry["term"]
            textnodes = [nodes.Text(label)]
            # the general index files the term under its first letter, quotes aside
            letter = label.strip("'\"“”‘’")[:1].upper() or None
            term = make_glossary_term(
                self.env,
                textnodes,
                letter,
                source,
                line,
                node_id=f"term-{entry['term_id']}",
                document=self.state.document,
            )
            item += term
            definition = nodes.definition()
            extra = ", ".join(
                v for v in (entry.get("term_ru", ""), entry.get("transliteration", "")) if v
            )
            if extra:
                definition += nodes.paragraph(text=f"({extra})", classes=["lk-term-original"])
            definition.extend(_paragraphs(self, entry["definition"]))
            if entry.get("slur_note"):
                note = nodes.note()
                note.extend(_paragraphs(self, entry["slur_note"]))
                definition += note
            item += definition
            dlist += item
        return [glossary]


def setup_reference(app: Any) -> None:
    """Register the generated-page directives."""
    app.add_directive("lessonkit-datasets", DatasetsDirective)
    app.add_directive("lessonkit-glossary", GlossaryDirective)
