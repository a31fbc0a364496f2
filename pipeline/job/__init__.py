"""One run from request to published output: the pipeline assembled from the Beam transforms and the publishing
step around it (``run``), and the summary that accounts for every record (``summary``)."""
