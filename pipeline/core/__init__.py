"""What every layer shares: the records (article, duplicate, reject), the typed config and its loader, errors a user
can hit, and the count function type. Nothing here imports Beam."""
