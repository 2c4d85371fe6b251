"""Groupings made from a client's recorded fields rather than read as they are.

**Threshold language, yes or no** (the comparison DHCS asks for, MEASURES.md 2.4): "yes" when the
client's primary language is one of the county's threshold languages, i.e. a language code marked
``is_threshold`` in the language code list (English never is: a threshold language is one *other*
than English); "no" for English and every other recorded language; no group at all when the
language is unknown, so those clients fall in the hidden "not recorded" part, never in "no".

The rule reads the code list, not the per-client ``threshold_language`` flag of the clients file, on
purpose: then the "yes" group is exactly the sum of the threshold languages' groups shown beside it
(the disclosure control relates the two, see :func:`strata_nestings`), and the eligibles file, which
carries languages but no flag, is grouped the same way for penetration.

Codes a file leaves blank (a region) are likewise no group: "not recorded".
"""

from collections.abc import Callable

import numpy as np
import pandas as pd

from measures.models import Code, CodeList

THRESHOLD_LANGUAGE = "threshold_language"
YES, NO = "yes", "no"
ENGLISH = "english"
#: Language codes that say nothing about the language spoken.
UNRECORDED_LANGUAGES = frozenset({"", "unknown"})


def threshold_languages() -> frozenset[str]:
    """The county's threshold languages: every language code marked as one, retired codes included
    (stored rows keep them)."""
    marked = Code.objects.of(CodeList.LANGUAGE).filter(is_threshold=True).values_list("code", flat=True)
    return frozenset(marked) - {ENGLISH}


def threshold_group_of(threshold: frozenset[str]) -> Callable[[str], str | None]:
    """The rule as a function of one language code: "yes", "no", or None (language not recorded)."""

    def group(language: str) -> str | None:
        if language in UNRECORDED_LANGUAGES:
            return None
        return YES if language in threshold else NO

    return group


def threshold_language_groups(languages: pd.Series, threshold: frozenset[str]) -> pd.Series:
    """Each row's threshold-language group ("yes"/"no", missing when the language is unknown), as a
    categorical worked out once per distinct language."""
    languages = languages.astype("category")
    rule = threshold_group_of(threshold)
    # The extra last entry is what code −1 (no language) takes.
    lookup = np.array([rule(str(code)) for code in languages.cat.categories] + [None], dtype=object)
    groups = lookup[languages.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical(groups, categories=[NO, YES]), index=languages.index)


def blank_unrecorded(codes: pd.Series) -> pd.Series:
    """A code column with blanks as missing (no group), as a categorical."""
    codes = codes.astype("category")
    if "" in codes.cat.categories:
        codes = codes.cat.remove_categories([""])
    return codes


def strata_nestings() -> dict[str, Callable[[str], str | None]]:
    """For the disclosure control: each stratum whose groups are unions of another's, with the rule
    putting a group of the finer stratum into its coarser group (``disclosure.release.NESTED_STRATA``)."""
    return {THRESHOLD_LANGUAGE: threshold_group_of(threshold_languages())}
