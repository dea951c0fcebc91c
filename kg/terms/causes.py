"""Causes named by what is wrong with a known name: a setting pushed too far before a causes cue ('学习率太大会导致…'
→ 学习率过大), and faulty causes labelled under '原因：' ('不合适的激活函数')."""
from __future__ import annotations

import re

from ingest import Passage
from kg.effects import DEGREE_OF_SIZE, reason_items, setting_name
from kg.normalize import normalize_term
from kg.terms.junk import GENERIC_TERMS, PUNCT_INSIDE
from kg.terms.lines import plain_line

_CAUSE_AHEAD = re.compile(r"\s*(?:就|则|也|还|都)?(?:会|容易|可能会|可能|将)?(?:导致|造成|引起|引发|带来|使得|产生)")
_SETTING_OPENS = re.compile(r"(?:^|[^\u4e00-\u9fffA-Za-z0-9\-]|的|如果|若|当|因为|由于|是|即|而|但|且|则|和|与|或|时|中|后|）|\))$")
MAX_SETTING_NOUN = 20


def setting_phrases(text: str, known_keys: set[str]) -> list[tuple[str, str]]:
    """A known name pushed too far as the cause of something: 'learning rate太高导致…', '学习率过大会导致梯度爆炸',
    '过大的学习率会导致…' → ('learning rate过高', 'learning rate太高'): the setting is the cause, not the name
    (kg.subjects.conditioned keeps the bare name from being the subject). Only before a causes cue, and only a
    name that opens its phrase ('通过多个…' is no setting of 通)."""
    found = []
    for match in DEGREE_OF_SIZE.finditer(text):
        size = match.group("size")
        if _CAUSE_AHEAD.match(text, match.end()):
            end = match.start() - (1 if text[match.start() - 1 : match.start()] == "的" else 0)
            for start in range(max(0, end - MAX_SETTING_NOUN), end - 1):
                noun = text[start:end]
                if noun.strip() == noun and normalize_term(noun) in known_keys and _SETTING_OPENS.search(text[max(0, start - 2) : start]) \
                        and noun not in GENERIC_TERMS:
                    found.append((setting_name(noun, size), text[start : match.end()]))
                    break
        elif text.startswith("的", match.end()) and _SETTING_OPENS.search(text[max(0, match.start() - 2) : match.start()]):
            rest = text[match.end() + 1 : match.end() + 1 + MAX_SETTING_NOUN]
            for end in range(len(rest), 1, -1):
                noun = rest[:end]
                if noun.strip() == noun and normalize_term(noun) in known_keys and _CAUSE_AHEAD.match(rest, end) \
                        and noun not in GENERIC_TERMS:
                    found.append((setting_name(noun, size), text[match.start() : match.end() + 1 + end]))
                    break
    return found


_FAULTY_NAME = re.compile(r"(?:不合适|不恰当|不合理|不当|错误|过深|过浅|过大|过小|过多|过少|太深|太大|太小|太多|较差)的(?P<name>.{2,12})")
"""A cause labelled by a known name and what is wrong with it: '不合适的激活函数', '过大的学习率'."""


def reason_labels(passage: Passage, known_keys: set[str]) -> list[str]:
    """The labels of items under a reasons label ('原因：' › '（2）**不合适的激活函数**：…'): each names a cause,
    which may be a known name with what is wrong with it. Only a label before '：' (a sentence item names none)."""
    found = []
    for item in reason_items(passage, plain_line):
        if not re.search(r"[：:]", item.text[:16]):
            continue
        label = re.split(r"[：:]", item.text, maxsplit=1)[0].strip(" *_")
        faulty = _FAULTY_NAME.fullmatch(label)
        if faulty and normalize_term(faulty.group("name")) in known_keys and not PUNCT_INSIDE.search(label):
            found.append(label)
    return found
