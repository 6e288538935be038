"""Stories: articles about one event, found incrementally (see ``stories.stage``)."""
