"""Loaders: typed DataFrames from the dictionaries, on the fixture and on every real table."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lessonkit
from lessonkit.book.check import check_project
from lessonkit.data import datasets as ds
from lessonkit.errors import DatasetError, LessonkitError

FIXTURES = Path(__file__).resolve().parent / "fixtures"

MINI = FIXTURES / "mini"


def test_types_come_from_the_dictionary() -> None:
    df = ds.load("letters", MINI)
    assert str(df["date_earliest"].dtype) == "datetime64[s]"
    # a date before 1677 (pandas' nanosecond limit) loads on pandas 2 and 3
    assert df.loc[1, "date_earliest"] == pd.Timestamp("1716-03-30")
    assert isinstance(df["medium"].dtype, pd.CategoricalDtype)
    assert list(df["medium"].cat.categories) == ["typewritten", "handwritten", "unknown"]
    assert str(df["pages"].dtype) == "Int64"
    assert df["pages"].isna().tolist() == [False, True]
    assert df["sources"].tolist() == [["ROL18"], ["ROL18"]]
    assert pd.api.types.is_string_dtype(df["text"])
    assert df["text"][0] == "A short text, with a comma."
    assert df.attrs["title"] == "Letters"
    assert df.attrs["sources"] == ["ROL18", "HEA01"]


def test_describe_lists_every_column() -> None:
    table = ds.describe("letters", MINI)
    assert table["column"].tolist() == [
        "letter_id",
        "place_id",
        "date_earliest",
        "medium",
        "pages",
        "text",
        "sources",
    ]
    medium = table.set_index("column").loc["medium"]
    assert medium["allowed"] == "one of: typewritten, handwritten, unknown"
    assert bool(medium["required"]) is True


def test_unknown_dataset_suggests_a_name() -> None:
    with pytest.raises(DatasetError) as info:
        ds.load("leters", MINI)
    assert str(info.value).endswith(
        "there is no dataset called 'leters'. Fix: did you mean 'letters'?"
    )


def test_load_raises_a_lessonkit_error_not_a_pandas_traceback(mini_project: Path) -> None:
    path = mini_project / "datasets" / "letters.csv"
    path.write_text(path.read_text().replace("1924-01-01", "soon"), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        ds.load("letters", mini_project / "datasets")
    assert info.value.line == 2
    assert info.value.column == "date_earliest"
    assert isinstance(info.value, ValueError)


_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(row=st.lists(_cell, min_size=0, max_size=10), raw=st.binary(max_size=40))
def test_corrupted_rows_only_raise_lessonkit_errors(
    tmp_path_factory: pytest.TempPathFactory, row: list[str], raw: bytes
) -> None:
    folder = tmp_path_factory.mktemp("corrupt")
    for name in ("letters", "places"):
        (folder / f"{name}.yaml").write_bytes((MINI / f"{name}.yaml").read_bytes())
        (folder / f"{name}.csv").write_bytes((MINI / f"{name}.csv").read_bytes())
    for name in ("references.bib", "datapackage.json"):
        (folder / name).write_bytes((MINI / name).read_bytes())
    line = ",".join('"' + c.replace('"', '""') + '"' if i % 2 else c for i, c in enumerate(row))
    with (folder / "letters.csv").open("ab") as handle:
        handle.write(line.encode("utf-8") + b"\n" + raw)
    try:
        ds.load("letters", folder)
    except LessonkitError as exc:
        assert exc.problems and all(p.path.endswith("letters.csv") for p in exc.problems)


# ---- the real datasets -----------------------------------------------------------------

REAL = lessonkit.list_datasets()
REQUIRED = {
    "letters",
    "excerpts",
    "timeline",
    "people",
    "places",
    "claims",
    "convictions",
    "corrections",
    "glossary",
}


def test_every_required_table_exists() -> None:
    assert set(REAL) >= REQUIRED


@pytest.mark.parametrize("name", REAL)
def test_real_table_loads_typed_and_documented(name: str) -> None:
    df = lessonkit.load(name)
    sch = ds.schema(name)
    assert len(df) > 0
    assert list(df.columns) == sch.field_names
    for field in sch.fields:
        assert field.description, f"{name}.{field.name} has no description"
        dtype = df[field.name].dtype
        if field.type == "date":
            assert str(dtype) == "datetime64[s]"
        elif field.is_categorical:
            assert isinstance(dtype, pd.CategoricalDtype)
        elif field.type == "integer":
            assert str(dtype) == "Int64"
    if sch.primary_key:
        assert df[sch.primary_key].is_unique
    loader = getattr(lessonkit, f"load_{name}", None)
    if loader is not None:
        assert loader().equals(df)
        doc = inspect.getdoc(loader)
        assert f'lessonkit.describe("{name}")' in doc


def test_real_datasets_pass_every_check() -> None:
    root = Path(__file__).resolve().parent.parent
    report = check_project(root)
    assert [
        str(p) for p in report.problems if "/datasets/" in p.path or p.path.startswith("datasets")
    ] == []
    assert set(report.tables) == set(REAL)


def test_excerpts_are_short_and_attributed() -> None:
    excerpts = lessonkit.load_excerpts()
    assert excerpts["text"].str.split().str.len().max() <= 80
    assert excerpts["translator"].notna().all()
    letters = set(lessonkit.load_letters()["letter_id"])
    assert set(excerpts["letter_id"]) <= letters


def test_legal_texts_keep_their_original_beside_an_attributed_translation() -> None:
    excerpts = lessonkit.load_excerpts()
    kinds = lessonkit.load_letters().set_index("letter_id")["kind"].astype(str)
    laws = excerpts[excerpts["letter_id"].map(kinds) == "law"]
    assert len(laws) >= 3
    assert (laws["excerpt_id"].str.startswith("law-")).all()
    for column in ("original_text", "original_lang", "translator", "translation_note", "locator"):
        assert laws[column].fillna("").str.strip().ne("").all(), f"a law excerpt has no {column}"
    assert laws["original_text"].str.contains(r"[а-яА-Я]").all(), "the original should be Russian"
    assert laws["translator"].str.contains("our translation").all()
    # an original always says its language, and a language is only given with an original
    has_text = excerpts["original_text"].fillna("").ne("")
    has_lang = excerpts["original_lang"].fillna("").ne("")
    assert (has_text == has_lang).all()


def test_article_passages_are_short_and_attributed() -> None:
    excerpts = lessonkit.load_excerpts()
    letters = lessonkit.load_letters().set_index("letter_id")
    article = excerpts[excerpts["letter_id"].map(letters["kind"].astype(str)) == "article"]
    assert len(article) >= 10
    assert (article["excerpt_id"].str.startswith("art-")).all()
    assert article["text"].str.split().str.len().max() <= 80
    assert article["sources"].map(lambda keys: "ROL18" in keys).all()
    assert article["translator"].fillna("").ne("").all()
    assert article["locator"].str.startswith("ROL18").all()
    writers = letters.loc[article["letter_id"], "signed_as"]
    assert writers.fillna("").ne("").all()


def test_a_law_without_excerpts_says_why() -> None:
    excerpts = lessonkit.load_excerpts()
    letters = lessonkit.load_letters()
    quoted = set(excerpts["letter_id"])
    for _, law in letters[letters["kind"] == "law"].iterrows():
        if law["letter_id"] not in quoted:
            assert "quotes nothing" in law["note"], law["letter_id"]


def test_cite_formats_real_references() -> None:
    assert lessonkit.cite("HEA01", short=True) == "Healey 2001"
    full = lessonkit.cite("HEA01")
    assert full.startswith("Healey (2001). Homosexual Desire in Revolutionary Russia")
    with pytest.raises(DatasetError, match="unknown source key 'NOPE'"):
        lessonkit.cite("NOPE")
