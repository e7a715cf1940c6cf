"""Analysis: data.police.uk and partner datasets, their aggregates, and levels,
patterns and changes."""
