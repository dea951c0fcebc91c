"""What a built index answers: shared JSON documents, a reloading session, the HTTP server."""
