"""Who a cue's sentence is about: its own subject first, the section's concept only as a last resort.

Chinese drops subjects, so a rule needs a fallback, but the fallback is where a graph
goes wrong ('定义训练阶段代码 uses 负采样' from '我们可以使用负采样来训练跳元模型'). The
order, each step recorded in the triple's rule id:

  own       a concept right before the cue, only adverbs and modals between (X 可以有效 缓解 Y)
  determined  '这些 / 该 / 上述' then a concept's name open the clause ('这些通道有时也被称为特征映射'): that concept
  means     that concept is brought in to do it ('引入 核技巧 来 解决 Y'), whatever the clause opened with
  opener    the concept that opens the cue's clause, no verb between (X 在训练时 使用 Y; X 在 A 和 B 之间 增加 Y)
  sentence  the cue's clause has no subject; the sentence's first clause opens with a concept (after a colon, past a
            setting: 'NiN 提供了一个简单的方案：在每个像素上使用 Y')
  label     the line opens with 'X：' and the clause has no subject
  topic     the sentence opens '在 X 中，' and the cue's clause has no subject or the writer's
            (在卷积神经网络中，我们组合使用 A、B 和 C)
  setting   (uses only, asked by kg.shapes) '在进行 X 时可以使用 Y', 'X 时，采用 Y': the task or process X uses Y
  built     (uses only, asked by kg.shapes) '我们可以使用 Y 来训练 X': what Y trains or builds uses Y
  anaphor   the clause opens '该架构 / 这种方法' and the line named that thing before ('Transformer 架构，该架构中使用了…'),
            or '其结构 / 其模型' and the sentence opened with a concept (its = that concept)
  previous_line  the line opens '该架构 / 此模型' and the line right above named that thing ('…的 Transformer 架构，'
            then '该架构中使用了…'), or '它 / 其' and the line above is about one concept, its own subject
            ('过渡层可以用来控制…。' then '它通过 Y 来…'); the triple's lines and evidence take in the line above
  previous_sentence  as previous_line, the sentence before on the same line ('X 相当于一个…。它通过 Y 来…')
  heading   the clause has no subject at all, or only the model's class noun ('模型结构如下，主要包括…'),
            and the nearest heading names exactly one concept
  outer_heading  as heading, but the object is the nearest heading's own concept ('引入松弛变量，…' under
            SVM › 松弛变量): the heading above, when it names exactly one concept, is the subject (kg.shapes)

Names joined by 、/和 before 都 share the subject's triples ('LeNet、AlexNet 和 VGG 都…'), and so do the names of
a bare list that opens the clause ('AlexNet 和 VGG 对 LeNet 的改进…', 'A, B and C use…'). A name
set to a degree ('学习率太大', '太小的学习率') is a setting, not the concept: no triple.

A clause whose subject is the writer or the text (我们, 本节, 这里, 下面, we, this section) has
a subject, and it is not a concept: no triple.

A merit label ('优点：', '缺点：') opening the line is no subject: the items after it are what the section's
concept does. A clause opening '这种设计 / 这样做 / 该方法' points to what the section describes.

The modules, each importing only modules listed before it:
    model     Subject, DEMOTED (how much each step demotes a triple), LineAbove (the line above a cue's line)
    words     word tables more than one module reads: fields, class nouns, the writer, examples, connectives
    clauses   where a clause opens, the writer or a pronoun as subject, a name set to a degree or a time, and
              the gaps that still leave a named subject its cue
    together  the names that share the subject's triples (Subject.together)
    pointers  '这种设计 / 这样做' pointing to what the section describes
    carry     pointers and pronouns standing for a concept named before: in the sentence, the sentence before,
              the line above (anaphor, determined, previous_sentence, previous_line)
    frames    topic, setting, built and means readings, and the owner of a means
    resolve   resolve_subject: the steps above in their order
"""
from __future__ import annotations

from kg.subjects.carry import subject_before
from kg.subjects.clauses import clause_start, conditioned, continues_sentence, speaks_of_itself
from kg.subjects.frames import built_subject, by_means_owner, setting_subject
from kg.subjects.model import DEMOTED, LineAbove, Subject
from kg.subjects.pointers import points_to_heading, restarts_with_pointer
from kg.subjects.resolve import resolve_subject
from kg.subjects.words import FIELDS, NO_SECTION_OPENERS, SUPPOSING, WRITERS

__all__ = ["DEMOTED", "FIELDS", "NO_SECTION_OPENERS", "SUPPOSING", "WRITERS", "LineAbove", "Subject", "built_subject",
           "by_means_owner", "clause_start", "conditioned", "continues_sentence", "points_to_heading", "resolve_subject",
           "restarts_with_pointer", "setting_subject", "speaks_of_itself", "subject_before"]
