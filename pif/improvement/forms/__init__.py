"""Stage 3's forms, one module per area: `actions` (action plans) and `projects`
(improvement projects and PDSA cycles). Choices are always scoped to the partnership."""
