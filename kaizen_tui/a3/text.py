"""The A3's paragraphs: plain text in faces, broken into lines and drawn by us.

reportlab's Paragraph parses markup, breaks lines by measuring every word again at every size and
width, and draws fragment by fragment; fitting an A3 tries each box at several sizes and widths,
so that was most of the time a crowded A3 took. Here a paragraph is measured **once**, at size 1:
every width in a box scales with its body size, so the words' widths serve every size, and a
line break is a bisection over their running totals. The same measurement answers the fit
model's estimates and lays out what is drawn, so the two never disagree.

Text is never markup here: a ``Run`` is drawn literally, in the font that has its glyphs
(``fonts.script_runs``: CJK in the CJK font, what no font has as U+FFFD).

Lines break at spaces, and between CJK characters; a word longer than a line is split between
characters. Spaces collapse as in reportlab; a no-break space (U+00A0) joins.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import Color, toColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kaizen_tui.a3.fonts import CJK, SANS, SANS_BOLD, script_runs
from kaizen_tui.a3.measure import INF, Model, text_width

#: a word's chunk: (face index, text)
Chunk = tuple[int, str]


@dataclass(frozen=True, slots=True)
class Face:
    """How a run looks: font, colour, struck through, and size relative to the paragraph's."""

    font: str
    colour: Color
    strike: bool = False
    rel: float = 1.0


@dataclass(frozen=True, slots=True)
class Run:
    """Plain text in one look; ``bold`` picks the bold Latin face (CJK has one weight)."""

    text: str
    bold: bool = False
    colour: Color | str | None = None  # None: the paragraph's colour
    strike: bool = False
    rel: float = 1.0


@dataclass(frozen=True, slots=True)
class Word:
    """A word: what may not be broken (unless it is longer than a line). Widths at size 1."""

    space: float  # width of the space before it (0 at a line's start or between CJK)
    space_face: int
    width: float
    chunks: tuple[Chunk, ...]


@lru_cache(maxsize=256)
def colour_of(value: Color | str) -> Color:
    return value if isinstance(value, Color) else toColor(value)


@dataclass(frozen=True, slots=True)
class TextStyle:
    """A paragraph's look at one size (from a ParagraphStyle: font, size, leading, colour,
    indents, alignment)."""

    size: float
    leading: float
    bold: bool
    colour: Color
    first_indent: float  # of the first line, from the left
    indent: float  # of the other lines
    right_indent: float
    align: int

    @classmethod
    def of(cls, style: ParagraphStyle) -> TextStyle:
        return _style_of(style)

    def continued(self) -> TextStyle:
        """The style of a paragraph's continuation: its first line is not a first line."""
        return TextStyle(
            self.size,
            self.leading,
            self.bold,
            self.colour,
            self.indent,
            self.indent,
            self.right_indent,
            self.align,
        )


_STYLES: dict[int, tuple[ParagraphStyle, TextStyle]] = {}


def _style_of(style: ParagraphStyle) -> TextStyle:
    # by identity: a ParagraphStyle's attributes are looked up through its parents, slowly
    known = _STYLES.get(id(style))
    if known is not None and known[0] is style:
        return known[1]
    if len(_STYLES) > 1024:
        _STYLES.clear()
    found = TextStyle(
        size=style.fontSize,
        leading=style.leading,
        bold=style.fontName == SANS_BOLD,
        colour=colour_of(style.textColor),
        first_indent=style.leftIndent + style.firstLineIndent,
        indent=style.leftIndent,
        right_indent=style.rightIndent,
        align=style.alignment,
    )
    _STYLES[id(style)] = (style, found)
    return found


# -- words -----------------------------------------------------------------------------------------


class Words:
    """A paragraph's text as hard lines of words, measured once at size 1."""

    __slots__ = ("_breaks", "_ends", "_widths", "faces", "lines", "one_line")

    def __init__(self, faces: list[Face], lines: list[list[Word]]) -> None:
        self.faces = faces
        self.lines = lines
        self._widths = [[w.width for w in line] for line in lines]
        self._ends = [list(itertools.accumulate(w.space + w.width for w in line)) for line in lines]
        self._breaks: dict[tuple[float, float], list[Line]] = {}
        #: width (at size 1) of a paragraph of one hard line, for "fits on one line" (0 if more)
        self.one_line = 0.0
        if len(lines) == 1 and lines[0]:
            self.one_line = self._ends[0][-1] - lines[0][0].space

    @classmethod
    def of(cls, runs: Sequence[Run], *, bold: bool, colour: Color) -> Words:
        """Words of ``runs`` (a paragraph whose base face is ``bold``/``colour``)."""
        faces: list[Face] = []
        face_ids: dict[Face, int] = {}
        lines: list[list[Word]] = [[]]
        chunks: list[Chunk] = []
        width = 0.0
        space, space_face = 0.0, 0
        pending: tuple[float, int] | None = None  # a space seen since the last word

        def face_id(face: Face) -> int:
            found = face_ids.get(face)
            if found is None:
                found = face_ids[face] = len(faces)
                faces.append(face)
            return found

        def end_word() -> None:
            nonlocal chunks, width
            if chunks:
                lines[-1].append(Word(space, space_face, width, tuple(chunks)))
                chunks, width = [], 0.0

        def start_word() -> None:
            nonlocal space, space_face, pending
            if pending is not None and lines[-1]:
                space, space_face = pending
            else:
                space, space_face = 0.0, 0
            pending = None

        for run in runs:
            heavy = bold or run.bold
            colour = colour_of(run.colour) if run.colour is not None else colour
            for font, text in script_runs(run.text):
                if font == SANS and heavy:
                    font = SANS_BOLD
                face = face_id(Face(font, colour, run.strike, run.rel))
                if font == CJK:
                    # a line may break between any two CJK characters
                    for ch in text:
                        if ch == " ":
                            end_word()
                            pending = pending or (text_width(" ", font, 1.0) * run.rel, face)
                            continue
                        end_word()
                        start_word()
                        chunks.append((face, ch))
                        width = text_width(ch, font, 1.0) * run.rel
                        end_word()
                        space, space_face = 0.0, 0
                    continue
                for part in _PIECES(text):
                    if part == "\n":
                        end_word()
                        pending = None
                        lines.append([])
                    elif part[0] == " ":
                        end_word()
                        if pending is None:
                            pending = (text_width(" ", font, 1.0) * run.rel, face)
                    else:
                        if not chunks:
                            start_word()
                        chunks.append((face, part))
                        width += text_width(part, font, 1.0) * run.rel
        end_word()
        return cls(faces, lines)

    # -- breaking lines -------------------------------------------------------------------------

    def count(self, first: float, rest: float, limit: float = INF) -> int:
        """How many lines at widths ``first`` (the first line) and ``rest`` (size-1 units); past
        ``limit`` lines the count is only "more". The same lines as ``breaks``, not built."""
        if self.one_line and self.one_line <= first:
            return 1
        total = 0
        avail = first
        for number, (widths, ends) in enumerate(zip(self._widths, self._ends, strict=True)):
            n = len(widths)
            if not n or ends[-1] - ends[0] + widths[0] <= avail:
                total += 1  # the whole hard line fits: most lines
                avail = rest
            else:
                i = 0
                carry = 0.0  # the end of a cut word, starting the next line
                while i < n or carry:
                    if carry:
                        used, carry = carry, 0.0
                    else:
                        used = widths[i]
                        i += 1
                        if used > avail:
                            lines, carry = self._cut(self.lines[number][i - 1], avail, rest)
                            total += lines
                            avail = rest
                            if total > limit:
                                break
                            continue
                    # words i..j follow on the line (as in _break)
                    offset = (ends[i - 1] if i else 0.0) - used
                    i = max(i, bisect.bisect_right(ends, offset + avail, i))
                    total += 1
                    avail = rest
                    if total > limit:
                        break
            if total > limit:
                break
        return max(1, total)

    def _cut(self, word: Word, avail: float, rest: float) -> tuple[int, float]:
        """Lines a word longer than ``avail`` fills when cut between characters (as _break
        cuts it, repeatedly with _split_word), and the width of its end, which starts the next
        line (0 if none). Counted without building the pieces."""
        lines = 0
        used = 0.0  # width of the piece being filled
        taken = 0.0  # width of the pieces already cut off
        for face_id, text in word.chunks:
            face = self.faces[face_id]
            for ch in text:
                w = text_width(ch, face.font, 1.0) * face.rel
                if used and used + w > avail:
                    lines += 1
                    taken += used
                    used, avail = 0.0, rest
                used += w
        if not lines:
            return 1, 0.0  # one character wider than the line: a line of its own
        end = word.width - taken
        if end > rest:
            return lines + 1, 0.0
        return lines, end

    def breaks(self, first: float, rest: float) -> list[Line]:
        """The lines at widths ``first`` and ``rest`` (size-1 units), remembered."""
        key = (round(first, 4), round(rest, 4))
        found = self._breaks.get(key)
        if found is None:
            if len(self._breaks) > 16:
                self._breaks.clear()
            found = self._breaks[key] = self._break(first, rest)
        return found

    def _break(self, first: float, rest: float) -> list[Line]:
        """Greedy, as reportlab breaks lines: a line takes words while they fit; a word longer
        than a whole line fills lines of its own, cut between characters."""
        out: list[Line] = []
        avail = first
        for number, (line, ends) in enumerate(zip(self.lines, self._ends, strict=True)):
            n = len(line)
            if not n:
                out.append(Line(number, (), 0.0))
                avail = rest
                continue
            i = 0  # the next word of the hard line to place
            carry: Word | None = None  # the end of a cut word, starting the next line
            while i < n or carry is not None:
                if carry is not None:
                    word, carry = carry, None
                else:
                    word = line[i]
                    i += 1
                if word.width > avail:
                    head, carry = _split_word(word, avail, self.faces)
                    out.append(Line(number, (head,), head.width))
                    avail = rest
                    continue
                words = [word]
                # words i..j follow on the line: their widths with their spaces are
                # ends[j] - ends[i - 1]
                offset = (ends[i - 1] if i else 0.0) - word.width
                j = bisect.bisect_right(ends, offset + avail, i) - 1
                used = word.width
                if j >= i:
                    words += line[i : j + 1]
                    used = ends[j] - offset
                    i = j + 1
                out.append(Line(number, tuple(words), used))
                avail = rest
        return out or [Line(0, (), 0.0)]

    def tail(self, lines: list[Line], start: int) -> Words:
        """The words from laid-out line ``start`` on (what continues after a split)."""
        if start >= len(lines):
            return Words(self.faces, [[]])
        first = lines[start]
        rest_of_line = [w for line in lines[start:] if line.hard == first.hard for w in line.words]
        if rest_of_line:
            head = rest_of_line[0]
            rest_of_line[0] = Word(0.0, 0, head.width, head.chunks)
        return Words(self.faces, [rest_of_line, *self.lines[first.hard + 1 :]])


_PIECES_RE = __import__("re").compile(r"\n| +|[^ \n]+")


def _PIECES(text: str) -> list[str]:
    return _PIECES_RE.findall(text)


def _split_word(word: Word, avail: float, faces: list[Face]) -> tuple[Word, Word | None]:
    """``word`` cut between characters where it passes ``avail`` (at least one character is
    kept, so a line narrower than a character still moves on); no tail when nothing is left."""
    head: list[Chunk] = []
    used = 0.0
    rest: list[Chunk] = []
    for index, (face, text) in enumerate(word.chunks):
        font, rel = faces[face].font, faces[face].rel
        cut = len(text)
        for k, ch in enumerate(text):
            w = text_width(ch, font, 1.0) * rel
            if used + w > avail and (k > 0 or head):
                cut = k
                break
            used += w
        if cut < len(text):
            if cut:
                head.append((face, text[:cut]))
            rest = [(face, text[cut:]), *word.chunks[index + 1 :]]
            break
        head.append((face, text))
    if not rest:
        return word, None
    return (
        Word(word.space, word.space_face, used, tuple(head)),
        Word(0.0, 0, max(0.0, word.width - used), tuple(rest)),
    )


@dataclass(frozen=True, slots=True)
class Line:
    hard: int  # the hard line it belongs to
    words: tuple[Word, ...]
    width: float  # size-1 units


# -- the flowable ----------------------------------------------------------------------------------


class TextBlock(Flowable):
    """A paragraph of ``Words`` in a ``TextStyle``: wraps, splits between lines and draws itself.
    ``kz_ref``/``kz_group``/``kz_partial`` say what it is when it continues in the appendix."""

    def __init__(self, words: Words, style: TextStyle) -> None:
        super().__init__()
        self.words = words
        self.style = style
        self.kz_ref = ""
        self.width = 0.0
        self.height = 0.0

    def _avail(self, width: float) -> tuple[float, float]:
        st = self.style
        room = width - st.right_indent
        return max(1e-6, (room - st.first_indent) / st.size), max(
            1e-6, (room - st.indent) / st.size
        )

    def lines(self, width: float) -> list[Line]:
        return self.words.breaks(*self._avail(width))

    def line_count(self, width: float, limit: float = INF) -> int:
        return self.words.count(*self._avail(width), limit)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.line_count(availWidth) * self.style.leading
        return availWidth, self.height

    def measure_model(self, width: float) -> Model:
        return TextModel(self)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.lines(availWidth)
        keep = int((availHeight + 1e-6) // self.style.leading)
        if keep <= 0 or keep >= len(lines):
            return []
        head = TextBlock(self.words, self.style)
        tail = TextBlock(self.words.tail(lines, keep), self.style.continued())
        for part in (head, tail):
            part.kz_ref = self.kz_ref
            if hasattr(self, "kz_group"):
                part.kz_group = self.kz_group
        tail.keepWithNext = getattr(self, "keepWithNext", 0)
        tail.kz_partial = True
        head.words = _Truncated(self.words, lines[:keep])
        return [head, tail]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # drawn in place, without the save/translate/restore of Flowable.drawOn
        self.draw_at(canvas, x, y, self.width)

    def draw(self) -> None:  # (Flowable API: drawn at the origin of a translated canvas)
        self.draw_at(self.canv, 0.0, 0.0, self.width)

    def draw_at(self, canvas: Canvas, x: float, y: float, width: float) -> None:
        pen = Pen(canvas)
        self.draw_with(pen, x, y, width)
        pen.finish()

    def draw_with(self, pen: Pen, x: float, y: float, width: float) -> None:
        """Into ``pen``'s text object, its bottom-left corner at (x, y)."""
        st = self.style
        size = st.size
        faces = self.words.faces
        struck = any(face.strike for face in faces)
        lines = self.lines(width)
        baseline = y + len(lines) * st.leading - size
        left_aligned = st.align not in (TA_RIGHT, TA_CENTER)
        for number, line in enumerate(lines):
            indent = st.first_indent if number == 0 else st.indent
            if not left_aligned:
                if st.align == TA_RIGHT:
                    left = x + width - st.right_indent - line.width * size
                else:
                    left = x + indent + (width - indent - st.right_indent - line.width * size) / 2
                pen.origin(left, baseline)
            elif number <= 1 and (number == 0 or st.indent != st.first_indent):
                left = x + indent
                pen.origin(left, baseline)
            else:
                pen.next_line(st.leading)  # the next line under the last origin's
            pos = left
            for k, word in enumerate(line.words):
                if k and word.space:
                    face = faces[word.space_face]
                    pen.font(face.font, size * face.rel)
                    pen.out(" ")
                    pos += word.space * size
                for face_id, chunk in word.chunks:
                    face = faces[face_id]
                    fsize = size * face.rel
                    pen.font(face.font, fsize)
                    pen.fill(face.colour)
                    pen.out(chunk)
                    if struck:
                        w = text_width(chunk, face.font, 1.0) * fsize
                        if face.strike:
                            pen.strike(pos, pos + w, baseline, face.colour, fsize)
                        pos += w
            baseline -= st.leading


class Pen:
    """One PDF text object for many paragraphs and table cells: a font, colour or leading is set
    only when it changes, and lines after a paragraph's first are moved to with T* (no
    coordinates). Drawn, inside a saved graphics state, by ``finish``; struck-through runs get
    their lines after it."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.text = canvas.beginText(0, 0)
        self._face: tuple[str, float] | None = None
        self._colour: Color | None = None
        self._leading = -1.0
        self._pending: list[str] = []
        self._strikes: list[tuple[float, float, float, Color, float]] = []

    def _flush(self) -> None:
        if self._pending:
            self.text.textOut("".join(self._pending))
            self._pending = []

    def origin(self, x: float, y: float) -> None:
        self._flush()
        self.text.setTextOrigin(x, y)

    def next_line(self, leading: float) -> None:
        self._flush()
        if leading != self._leading:
            self.text.setLeading(leading)
            self._leading = leading
        self.text.textLine()

    def font(self, font: str, size: float) -> None:
        if (font, size) != self._face:
            self._flush()
            self.text.setFont(font, size)
            self._face = (font, size)

    def fill(self, colour: Color) -> None:
        if colour is not self._colour:
            self._flush()
            self.text.setFillColor(colour)
            self._colour = colour

    def out(self, text: str) -> None:
        self._pending.append(text)

    def strike(self, x0: float, x1: float, baseline: float, colour: Color, size: float) -> None:
        self._strikes.append((x0, x1, baseline, colour, size))

    def finish(self) -> None:
        self._flush()
        canvas = self.canvas
        canvas.saveState()  # the text's fonts and colours stay inside it
        canvas.drawText(self.text)
        canvas.restoreState()
        for x0, x1, base, stroke, size in self._strikes:
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(size * 0.07)
            canvas.line(x0, base + size * 0.3, x1, base + size * 0.3)


class _Truncated(Words):
    """The first lines of a split paragraph: exactly the lines kept, at the width it was split
    at (the part drawn on page 1)."""

    __slots__ = ("_lines",)

    def __init__(self, words: Words, lines: list[Line]) -> None:
        self.faces = words.faces
        self.lines = words.lines
        self._lines = lines
        self.one_line = 0.0

    def count(self, first: float, rest: float, limit: float = INF) -> int:
        return len(self._lines)

    def breaks(self, first: float, rest: float) -> list[Line]:
        return self._lines

    def tail(self, lines: list[Line], start: int) -> Words:
        raise NotImplementedError


class TextModel(Model):
    """The fit model's estimate of a paragraph: its own line breaking, at the size it was built
    for (measure.BoxModel scales it to other sizes)."""

    def __init__(self, block: TextBlock) -> None:
        self.block = block
        self.leading = block.style.leading
        st = block.style
        #: the width a one-line paragraph needs, for tables' quick path (0 when more lines)
        self.one_line = block.words.one_line * st.size + st.first_indent + st.right_indent

    def height(self, width: float, limit: float = INF) -> float:
        return self.block.line_count(width, limit / self.leading + 1) * self.leading


# -- building --------------------------------------------------------------------------------------

_WORDS: dict[tuple[object, ...], Words] = {}
_WORDS_LIMIT = 20_000


def words_of(runs: tuple[Run, ...], *, bold: bool, colour: Color) -> Words:
    """``Words.of``, remembered: a box tried at several sizes measures its text once."""
    key = (runs, bold, id(colour))  # (colours are shared objects: styles and colour_of)
    found = _WORDS.get(key)
    if found is None:
        if len(_WORDS) > _WORDS_LIMIT:
            _WORDS.clear()
        found = _WORDS[key] = Words.of(runs, bold=bold, colour=colour)
    return found


def text_block(runs: tuple[Run, ...], style: ParagraphStyle) -> TextBlock:
    st = TextStyle.of(style)
    return TextBlock(words_of(runs, bold=st.bold, colour=st.colour), st)


def plain(text: str, style: ParagraphStyle) -> TextBlock:
    """A paragraph of plain ``text`` in ``style``."""
    return text_block((Run(text),), style)
