"""The content feed: schema, sources, offline store and media. No Qt in this package."""
