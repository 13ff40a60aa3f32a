"""Tokens of the cue reader: offsets, clitics, possessives, quotation marks and quoted spans."""
from stance.cues import tokenize


def test_tokens_are_spans_of_the_text_with_their_forms():
    text = "Minister Jane Roe's aide said: ''We'll see,'' and didn't. Roe's aide left."
    tokens = tokenize(text, 0, len(text), [(33, 43)])
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [t.text for t in tokens][:9] == ["Minister", "Jane", "Roe's", "aide", "said", ":", "''", "We", "'ll"]
    roe = [t for t in tokens if t.text == "Roe's"]
    assert [t.start for t in roe] == [14, 58]  # a repeated word keeps its own offset
    assert all(t.lower == "roe" and t.possessive and t.capitalized for t in roe)
    assert [t.text for t in tokens if t.is_quote_mark] == ["''", "''"]
    assert [t.text for t in tokens if t.quoted] == ["We", "'ll", "see", ","]
    assert [t.text for t in tokens if t.start >= text.index("didn't")][:2] == ["did", "n't"]


def test_tokens_of_a_part_of_the_text_only():
    text = "He said no. She'll say yes."
    tokens = tokenize(text, 12, len(text))
    assert [(t.start, t.text, t.lower) for t in tokens] == [
        (12, "She", "she"), (15, "'ll", "'ll"), (19, "say", "say"), (23, "yes", "yes"), (26, ".", ".")]
