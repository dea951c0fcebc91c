"""English technical terms and acronyms inside Chinese text (BERT, L2, ResNet-50, skip-gram, Layer Normalization)."""
from __future__ import annotations

import re

from kg.normalize import has_cjk
from kg.terms.junk import is_good_term

TECH_EN = re.compile(
    r"(?<![A-Za-z0-9_\-])("
    r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"  # BERT, ResNet, RoBERTa, GPT-2
    r"|[A-Z][A-Za-z]*\d+[A-Za-z\d]*(?:-[A-Za-z0-9]+)*"  # L2, F1, ResNet50
    r"|[a-z]+\d+[a-z]+"  # word2vec, seq2seq
    r"|[A-Za-z][a-z]+(?:-[A-Za-z0-9]+)+"  # skip-gram, self-attention, ResNet-50
    r")(?![A-Za-z0-9_])"
)


def technical_terms(text: str) -> list[str]:
    return [m.group(1) for m in TECH_EN.finditer(text) if is_good_term(m.group(1))]


_TITLE_CASE_RUN = re.compile(r"(?<![A-Za-z\-])(?<![A-Za-z] )([A-Z][a-z]+(?:-[A-Za-z]+)*(?: [A-Z][a-z]+(?:-[A-Za-z]+)*){1,3})"
                             r"(?![A-Za-z\-]| [A-Za-z])")


_TECHNICAL_HEAD = re.compile(
    r" (?:Attention|Loss|Mask|Masking|Embeddings?|Prediction|Samples?|Sampling|Encoder|Decoder|Encoding|Layer|Normalization|"
    r"Connections?|Rule|Vectors?|Positive|Negative|Extraction|Regularization|Distillation|Softmax|Tree|Memory|Frequency|"
    r"Shift|Stopping|Networks?|Model|Learning|Detection|Descent|Pooling|Function|Regression|Divergence|Entropy|Error|Rate|"
    r"Gradient|Classification|Inference|Training|Finetuning|Fine-tuning|Parameterization|Sharing|Isolation|Bayes|Forest|Algorithm)$")
"""The last word of an English ML term ('Negative Sampling', 'Attention Mask'), unlike a person's name ('Geoff
Hinton'), a product ('Amazon Web Services') or a button ('Run All'), which d2l writes in capitals too."""


_TITLE_WORD = re.compile(r"\b(?:Into|Of|The|For|And|To|In|On|With|From|By|At|Is|Are|How|What|Why)\b")
"""A small word written with a capital makes a title ('Dive Into Deep Learning'), not a term."""


def title_case_terms(text: str) -> list[str]:
    """An English name of two to four capitalised words written inside a Chinese line ('采用 Next Sentence
    Prediction 任务', '即 Layer Normalization') and ending in a _TECHNICAL_HEAD: the notes give the term
    its English name. English prose, where capitals open sentences and titles, is not read."""
    return [m.group(1) for line in text.split("\n") if has_cjk(line) for m in _TITLE_CASE_RUN.finditer(line)
            if _TECHNICAL_HEAD.search(m.group(1)) and m.group(1).count("-") < 2 and not _TITLE_WORD.search(m.group(1))
            and is_good_term(m.group(1))]


MIN_WEAK_COUNT = 2
"""An English token that is not in a heading, bold or the glossary must recur to count."""
