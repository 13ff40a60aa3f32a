"""Read articles from ``.txt``, ``.json``, ``.jsonl`` and ``.html`` files and folders.

Every failure is an :class:`ArticleError` naming the file (and line, for
JSONL) and saying what is wrong in one line. :func:`iter_articles` yields
articles and errors in input order, so a batch can report a bad file and go
on with the rest; :func:`read_articles` raises or hands errors to a callback.
"""
from __future__ import annotations

import codecs
import errno
import io
import json
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, TextIO

from .dates import infer_article_date, parse_date
from .records import Article

SUFFIXES = {".txt": "txt", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html",
            ".pdf": "txt", ".docx": "txt", ".doc": "txt", ".odt": "txt", ".rtf": "txt"}
"""Files read from a folder. Document formats are read as text too: their content decides (see ``DOCUMENT_FORMATS``)."""
_TO_TEXT = "save or export it as plain text (.txt) and analyse that file"
DOCUMENT_FORMATS = (
    (b"%PDF-", "a PDF document", "extract its text first (e.g. pdftotext FILE.pdf FILE.txt) and analyse the .txt"),
    (b"PK\x03\x04", "a ZIP archive", "extract the articles from it as .txt files and analyse those"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (e.g. a Word .doc)", _TO_TEXT),
    (b"{\\rtf", "an RTF document", _TO_TEXT),
)
"""Document formats recognised by their first bytes (whatever the file's suffix) and refused with what to do."""
DEFAULT_MAX_CHARS = 1_000_000
# A JSONL line may escape every character (\uXXXX: 6 bytes) and carry metadata besides its text.
JSONL_BYTES_PER_CHAR = 6
JSONL_LINE_SLACK = 1_000_000
# Byte-order marks that decide the encoding of a file declared (or defaulted) as some UTF; UTF-32 first,
# as its little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_KEYS = {
    "title": "title", "headline": "title", "date": "date", "published": "date",
    "source": "source", "outlet": "source", "url": "url", "link": "url", "id": "id",
    "note": "note", "notes": "note", "author": "author", "byline": "author", "language": "language",
    "tags": "tags",
}
_META_LINE = re.compile(r"^(?P<key>[A-Za-z]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\r?$")
_LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!doctype html|<html\b|<head\b|<body\b)|</(?:p|div|body|html)>", re.I)


class ArticleError(ValueError):
    """An input that could not be read as an article; ``str()`` is ``"PATH: reason"``."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page, one line per block element."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
              "article", "section", "header", "footer", "figcaption", "title", "pre", "dd", "dt"}
    HIDDEN = {"script", "style", "noscript", "template", "svg", "nav", "aside", "form", "button"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden_depth = 0
        self.in_title = False
        self.title: str | None = None
        self.h1: str | None = None
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.blocks.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        elif tag == "meta":
            found = dict(attrs)
            key = (found.get("name") or found.get("property") or "").lower()
            if found.get("content"):
                self.meta[key] = found["content"] or ""
        elif tag == "title":
            self.in_title = True
        if tag in self.BLOCKS:
            self._flush()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        if tag == "title":
            self.in_title = False
            self.current = []
            return
        if tag == "h1" and self.in_h1:
            self.in_h1 = False
            self.h1 = self.h1 or " ".join("".join(self.current).split())
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = " ".join(((self.title or "") + data).split())
        elif not self.hidden_depth:
            self.current.append(data)


def html_to_text(markup: str) -> tuple[str, str | None, dict[str, str]]:
    """Visible text of an HTML page (headline first), its title and its ``<meta>`` values."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    parser._flush()
    title = parser.h1 or parser.title
    blocks = parser.blocks
    if title and (not blocks or blocks[0] != title):
        blocks = [title, *blocks]
    return "\n".join(blocks), title, parser.meta


def _codec(encoding: str, head: bytes = b"") -> str:
    """The codec to decode with: for a UTF encoding, a byte-order mark at the start of ``head`` decides
    (UTF-8, 16 or 32, the mark dropped); UTF-8 drops a leading mark."""
    name = encoding.lower().replace("_", "-")
    if name.startswith("utf"):
        for bom, codec in _BOMS:
            if head.startswith(bom):
                return codec
    return "utf-8-sig" if name in ("utf-8", "utf8") else encoding


def _nul_free(codec: str) -> bool:
    """Whether text in ``codec`` never holds a NUL byte (so one means binary data); UTF-16/32 do hold them."""
    return b"\x00" not in "\n".encode(codec)


def _unexpected(exc: BaseException) -> str:
    """The reason for an exception no reader check foresaw (one bad input never stops a run)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to read (RecursionError)"
    if isinstance(exc, MemoryError):
        return "out of memory while reading it (MemoryError)"
    return " ".join(f"cannot be read ({type(exc).__name__}: {exc})".split())


def _document_format(raw: bytes) -> str | None:
    """The reason to refuse a file that is a PDF, Word, OpenDocument, RTF or ZIP document, else ``None``."""
    for magic, name, remedy in DOCUMENT_FORMATS:
        if raw.startswith(magic):
            if magic.startswith(b"PK") and b"word/" in raw:
                name, remedy = "a Word document (.docx)", _TO_TEXT
            elif magic.startswith(b"PK") and b"opendocument" in raw[:200]:
                name, remedy = "an OpenDocument file (.odt)", _TO_TEXT
            return f"{name}, not a text article: {remedy}"
    return None


def _decode(raw: bytes, where: str, encoding: str) -> str:
    if not raw.strip():
        raise ArticleError(where, "empty file")
    refused = _document_format(raw)
    if refused:
        raise ArticleError(where, refused)
    try:
        codec = _codec(encoding, raw[:4])
        if _nul_free(codec) and b"\x00" in raw:
            raise ArticleError(where, "binary file (contains NUL bytes), not a text article")
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        by_mark = codec != _codec(encoding)
        if by_mark and exc.start < 8 and b"\x00" in raw:  # a byte-order mark by chance, then binary data
            raise ArticleError(where, "binary file (contains NUL bytes), not a text article") from None
        named = exc.encoding if by_mark else encoding
        raise ArticleError(
            where, f"not valid {named} (bad byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "convert the file or pass its encoding"
        ) from None
    except LookupError:
        raise ArticleError(where, f"unknown encoding {encoding!r}") from None
    if "\x00" in text:
        raise ArticleError(where, "binary file (contains NUL characters), not a text article")
    return text


def _checked_text(text: str, where: str, max_chars: int) -> str:
    if not text.strip():
        raise ArticleError(where, "no article text")
    if len(text) > max_chars:
        raise ArticleError(
            where, f"article too long ({len(text):,} characters, limit {max_chars:,}); "
            "split it or raise the limit (--max-chars)"
        )
    return text


def _finish(article_id: str, text: str, where: str, title: str | None, meta: dict[str, str | None],
            name: str | None = None) -> Article:
    """The Article record; without a date, one is inferred from the file ``name``, URL, dateline or events."""
    given = parse_date(meta.get("date"))
    inferred = None if given else infer_article_date(text, name=name, url=meta.get("url"))
    return Article(
        id=str(article_id), text=text, title=title, date=given or inferred,
        source=meta.get("source") or None, url=meta.get("url") or None,
        path=where, date_inferred=bool(inferred),
    )


def _from_mapping(obj: object, where: str, default_id: str, max_chars: int, name: str | None = None) -> Article:
    if not isinstance(obj, dict):
        raise ArticleError(where, f"expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        problem = "has no 'text' field" if text is None else "has a 'text' field that is not a string"
        raise ArticleError(where, f"JSON object {problem}")
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    meta: dict[str, str | None] = {k: str(obj[k]) for k in ("date", "source", "url") if obj.get(k)}
    if _LOOKS_LIKE_HTML.search(text):
        text, html_title, _ = html_to_text(text)
        title = title or html_title
    text = _checked_text(text, where, max_chars)
    return _finish(obj.get("id") or default_id, text, where, title, meta, name)


def _split_metadata(text: str) -> tuple[str, dict[str, str | None], str | None]:
    """Remove leading ``Key: value`` lines (before or right after the title line)."""
    lines = text.splitlines(keepends=True)
    meta: dict[str, str | None] = {}
    keep: list[str] = []
    title: str | None = None
    in_header = True
    for line in lines:
        match = _META_LINE.match(line.rstrip("\n"))
        key = _META_KEYS.get(match["key"].lower()) if match else None
        if in_header and key and key not in meta:
            meta[key] = match["value"] if match else None
            continue
        if in_header and line.strip():
            if title is None:
                title = line.strip()
            else:
                in_header = False
        keep.append(line)
    body = "".join(keep).lstrip("\r\n")
    return body, meta, meta.pop("title", None) or title


def jsonl_line_limit(max_chars: int) -> int:
    """The longest JSONL line read, in bytes, for articles of at most ``max_chars`` characters."""
    return max_chars * JSONL_BYTES_PER_CHAR + JSONL_LINE_SLACK


def jsonl_articles(
    lines: Iterable[bytes | str | None],
    where: str,
    stem: str,
    *,
    first_line: int = 1,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article | ArticleError]:
    """Read JSONL lines one at a time: an :class:`Article` or an :class:`ArticleError` per non-blank line.

    ``lines`` are the lines of the file ``where`` (``bytes`` are decoded one
    line at a time, so a bad line fails alone; ``None`` stands for a line too
    long to be read, see :func:`bounded_lines`), numbered from ``first_line``;
    a line without an ``id`` gets ``STEM-LINE`` as its id. Whatever a line
    raises (a JSON nested too deeply, memory running out) is that line's error.
    """
    codec = _codec(encoding)
    for number, line in enumerate(lines, start=first_line):
        at = f"{where}:{number}"
        if line is None:
            yield ArticleError(at, f"line too long (over {jsonl_line_limit(max_chars):,} bytes) for an article of "
                                   f"at most {max_chars:,} characters; not read (split it or raise --max-chars)")
            continue
        if isinstance(line, bytes):
            if b"\x00" in line:
                yield ArticleError(at, "binary data (contains NUL bytes), not a JSON article")
                continue
            try:
                line = line.decode(codec)
            except UnicodeDecodeError as exc:
                yield ArticleError(at, f"not valid {encoding} (bad byte 0x{line[exc.start]:02x} at column {exc.start + 1})")
                continue
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            yield _from_mapping(json.loads(line), at, f"{stem}-{number}", max_chars)
        except json.JSONDecodeError as exc:
            yield ArticleError(at, f"malformed JSON ({exc.msg} at column {exc.colno})")
        except ArticleError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001  one bad line must not stop the file
            yield ArticleError(at, _unexpected(exc))


def bounded_lines(stream: BinaryIO | TextIO, limit: int) -> Iterator[bytes | str | None]:
    """The lines of ``stream``, none longer than ``limit`` (bytes or characters) held in memory.

    A longer line is read through to its end in pieces of ``limit`` and
    thrown away: it comes out as ``None``.
    """
    newline = b"\n" if isinstance(stream.read(0), bytes) else "\n"
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(newline):
            yield line
            continue
        while line and not line.endswith(newline):
            line = stream.readline(limit + 1)
        yield None


def _read_jsonl(path: Path, encoding: str, max_chars: int) -> Iterator[Article | ArticleError]:
    """Stream a JSONL file line by line (memory does not grow with the file or with a line)."""
    where = str(path)
    limit = jsonl_line_limit(max_chars)
    found = False
    try:
        with path.open("rb") as stream:
            head = stream.read(8192)
            stream.seek(0)
            codec = _codec(encoding, head[:4])
            if not _nul_free(codec):  # UTF-16/32: decoded as a stream, then split into lines
                text = io.TextIOWrapper(stream, encoding=codec, newline="")
                items = jsonl_articles(bounded_lines(text, limit), where, path.stem, max_chars=max_chars)
            elif b"\x00" in head:
                yield ArticleError(where, "binary file (contains NUL bytes), not a text article")
                return
            else:
                items = jsonl_articles(bounded_lines(stream, limit), where, path.stem, encoding=encoding,
                                       max_chars=max_chars)
            for item in items:
                found = True
                yield item
    except OSError as exc:
        yield ArticleError(where, f"cannot read file ({exc.strerror or exc})")
        return
    except LookupError:
        yield ArticleError(where, f"unknown encoding {encoding!r}")
        return
    except UnicodeDecodeError as exc:  # only UTF-16/32 files are decoded as a stream
        yield ArticleError(where, f"not valid {exc.encoding} after the articles above (a character cut short or "
                                  "a bad byte); convert the file or pass its encoding")
        return
    if not found:
        yield ArticleError(where, "empty file")


def _read_bytes(path: Path, where: str, max_chars: int) -> bytes:
    """The bytes of a regular file of at most ``4 * max_chars`` bytes (never more are read)."""
    limit = max_chars * 4
    size = path.stat().st_size
    if size > limit:
        raise ArticleError(where, f"file too large ({size:,} bytes) for one article (limit {max_chars:,} characters)")
    with path.open("rb") as stream:
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ArticleError(where, f"file too large (over {limit:,} bytes) for one article (limit {max_chars:,} characters)")
    return raw


def _read_file(path: Path, kind: str, encoding: str, max_chars: int) -> Iterator[Article | ArticleError]:
    where = str(path)
    try:
        content = _decode(_read_bytes(path, where, max_chars), where, encoding)
    except OSError as exc:
        yield ArticleError(where, f"cannot read file ({exc.strerror or exc})")
        return
    except ArticleError as exc:
        yield exc
        return
    stem = path.stem
    try:
        if kind == "json":
            yield from _json_articles(content, where, stem, max_chars, path.name)
        elif kind == "html" or _LOOKS_LIKE_HTML.search(content[:2000]):
            text, title, meta = html_to_text(content)
            found = {
                "date": meta.get("article:published_time") or meta.get("date") or meta.get("pubdate"),
                "source": meta.get("og:site_name"),
                "url": meta.get("og:url"),
            }
            yield _finish(stem, _checked_text(text, where, max_chars), where, title, found, path.name)
        else:
            body, meta, title = _split_metadata(content)
            yield _finish(meta.pop("id", None) or stem, _checked_text(body, where, max_chars), where, title, meta,
                          path.name)
    except ArticleError as exc:
        yield exc


def _json_articles(content: str, where: str, stem: str, max_chars: int,
                   name: str | None = None) -> Iterator[Article | ArticleError]:
    """The article of a ``.json`` file (``name``, whose date an undated article takes), or one for each item
    of a list."""
    try:
        obj = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ArticleError(where, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(obj, list):
        yield _from_mapping(obj, where, stem, max_chars, name=name)
        return
    for number, item in enumerate(obj):
        at = f"{where}[{number}]"
        try:
            yield _from_mapping(item, at, f"{stem}-{number}", max_chars)
        except ArticleError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001  one bad item must not stop the list
            yield ArticleError(at, _unexpected(exc))


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` must not be opened (a named pipe, a device, a socket, a symbolic link loop), else ``None``."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return "a broken symbolic link" if path.is_symlink() else None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file; not opened (reading it would wait for a writer)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file; not opened"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file; not opened"
    return None


def skip_reason(path: Path) -> str:
    """Why an entry of a folder given as input was not read (a subfolder, a named pipe, another suffix...)."""
    special = _not_a_file(path)
    if special:
        return special
    if path.is_dir():
        return "a folder (add --recursive to read folders inside folders)"
    return "not an article file (.txt, .json, .jsonl, .html)"


def _expand(paths: Iterable[str | Path], skipped: Callable[[Path], None] | None,
            recursive: bool = False) -> Iterator[tuple[Path, str | None]]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            children = path.rglob("*") if recursive else path.iterdir()
            for child in sorted(p for p in children if not (recursive and p.is_dir())):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                kind = SUFFIXES.get(child.suffix.lower()) if child.is_file() else None
                if kind:
                    yield child, kind
                elif skipped:
                    skipped(child)
        else:
            yield path, SUFFIXES.get(path.suffix.lower(), "txt" if path.exists() or path.is_symlink() else None)


def _read(path: Path, kind: str, encoding: str, max_chars: int) -> Iterator[Article | ArticleError]:
    """The articles (or errors) of one input file; whatever reading it raises is its error."""
    where = str(path)
    special = _not_a_file(path)
    if special:
        yield ArticleError(where, special)
        return
    items = _read_jsonl(path, encoding, max_chars) if kind == "jsonl" else _read_file(path, kind, encoding, max_chars)
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001  one bad file must not stop the run
        yield ArticleError(where, _unexpected(exc))


def iter_articles(
    paths: str | Path | Iterable[str | Path],
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    skipped: Callable[[Path], None] | None = None,
    recursive: bool = False,
) -> Iterator[Article | ArticleError]:
    """Yield an :class:`Article` or an :class:`ArticleError` for every input, lazily and in order.

    ``paths`` is a file, a folder (its ``.txt``, ``.json``, ``.jsonl``,
    ``.html`` and ``.htm`` files in sorted order, and with ``recursive`` those
    of its subfolders too) or a list of these. Other entries (files with
    another suffix, named pipes, devices, symbolic link loops, and subfolders
    when not ``recursive``) are passed to ``skipped`` (:func:`skip_reason`
    says why). Files with another suffix given by name are read as plain
    text; a named pipe or a device given by name is refused, never opened.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path, kind in _expand(paths, skipped, recursive):
        if kind is None:
            yield ArticleError(str(path), "no such file or folder")
        else:
            yield from _read(path, kind, encoding, max_chars)


def read_articles(
    paths: str | Path | Iterable[str | Path],
    *,
    on_error: Callable[[ArticleError], None] | None = None,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    recursive: bool = False,
) -> Iterator[Article]:
    """Yield the articles in ``paths`` (see :func:`iter_articles`).

    A bad input raises :class:`ArticleError`, unless ``on_error`` is given: then
    it receives the error and reading goes on with the next input.
    """
    for item in iter_articles(paths, encoding=encoding, max_chars=max_chars, recursive=recursive):
        if isinstance(item, ArticleError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            yield item


def article_from_text(text: str, article_id: str = "text", **metadata: str | None) -> Article:
    """Wrap a string as an :class:`Article` (the text is used as is, offsets index it)."""
    if not isinstance(text, str):
        raise TypeError(f"expected article text as str, got {type(text).__name__}")
    if not text.strip():
        raise ArticleError(article_id, "no article text")
    return _finish(article_id, text, article_id, metadata.pop("title", None), dict(metadata))
