"""Related papers: the most similar abstracts, by TF-IDF cosine similarity.

Takes the list's papers and gives back, per paper slug, the slugs of its most
similar papers. Ties are broken by slug, so the result never depends on the
order files were read in.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from generator.model import Paper

RELATED_COUNT = 5  # papers shown under "Related papers"
MIN_SIMILARITY = 0.05  # below this, two abstracts share little but stop words


def find_related(papers: list[Paper], count: int = RELATED_COUNT) -> dict[str, list[str]]:
    """Map each paper's slug to the slugs of its `count` most similar papers."""
    ordered = sorted(papers, key=lambda paper: paper.slug)
    if len(ordered) < 2:
        return {paper.slug: [] for paper in ordered}
    texts = [f"{paper.title}. {paper.title}. {paper.abstract}" for paper in ordered]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    similarity = linear_kernel(vectors)
    related = {}
    for row, paper in enumerate(ordered):
        scored = [
            (-round(float(similarity[row, column]), 9), other.slug)
            for column, other in enumerate(ordered)
            if column != row and similarity[row, column] >= MIN_SIMILARITY
        ]
        related[paper.slug] = [slug for _, slug in sorted(scored)[:count]]
    return related
