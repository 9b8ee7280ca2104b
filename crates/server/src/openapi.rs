//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`. Written by hand;
//! a route test requests every path listed here, and checks every API route is listed.

use serde_json::{json, Value};

fn id_param(what: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": what,
            "schema": { "type": "string" } })
}

fn query(name: &str, description: &str, ty: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description,
            "schema": { "type": ty } })
}

fn answer(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error(description: &str) -> Value {
    answer(description, json!({ "$ref": "#/components/schemas/Error" }))
}

/// The document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "storyline",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stories built from many reports of the same event: list, read, search, add."
        },
        "paths": {
            "/api/stories": { "get": {
                "summary": "List stories, most recently updated first",
                "parameters": [
                    query("q", "Only stories matching this text (headline, sources, entities, claims)", "string"),
                    query("since", "Only stories with an article published at or after this date (YYYY-MM-DD or RFC 3339)", "string"),
                    query("until", "Only stories that began at or before this date", "string"),
                    query("offset", "Skip this many stories", "integer"),
                    query("limit", "Page size, 1 to 200 (default 50)", "integer")
                ],
                "responses": {
                    "200": answer("A page of story summaries", json!({ "$ref": "#/components/schemas/StoryPage" })),
                    "400": error("A bad filter value")
                }
            }},
            "/api/stories/{id}": { "get": {
                "summary": "One story: the digest's story record",
                "parameters": [ id_param("The story id (s-...)") ],
                "responses": {
                    "200": answer("The story record (model::Story)", json!({ "type": "object" })),
                    "404": error("No such story")
                }
            }},
            "/api/articles/{id}": { "get": {
                "summary": "One article with the spans its story points at",
                "parameters": [ id_param("The article id (a-...)") ],
                "responses": {
                    "200": answer("The article (model::Article), its story and its spans", json!({
                        "type": "object",
                        "properties": {
                            "article": { "type": "object" },
                            "story": { "type": ["string", "null"] },
                            "spans": { "type": "array", "items": { "$ref": "#/components/schemas/NamedSpan" } }
                        }
                    })),
                    "404": error("No such article")
                }
            }},
            "/api/articles": { "post": {
                "summary": "Add articles; answers what became of each input",
                "security": [ { "bearer": [] } ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["files"],
                    "properties": { "files": { "type": "array", "items": {
                        "type": "object", "required": ["name", "content"],
                        "properties": {
                            "name": { "type": "string", "description": "File name; its extension tells the format" },
                            "content": { "type": "string" }
                        }
                    }}}
                }}}},
                "responses": {
                    "200": answer("One outcome per input document", json!({
                        "type": "object",
                        "properties": { "results": { "type": "array", "items": { "$ref": "#/components/schemas/Outcome" } } }
                    })),
                    "400": error("The body is not the expected JSON"),
                    "401": error("Missing or wrong bearer token"),
                    "403": error("Adding is disabled: the server was started without a token"),
                    "413": error("The body is larger than the server's limit"),
                    "503": error("The server has no pipeline")
                }
            }},
            "/api/search": { "get": {
                "summary": "Full-text search over article titles, bodies and claims, best first",
                "parameters": [
                    query("q", "Words to find (all required; the last may be a prefix)", "string"),
                    query("limit", "At most this many hits, 1 to 200 (default 20)", "integer")
                ],
                "responses": {
                    "200": answer("Ranked hits with snippets", json!({
                        "type": "object",
                        "properties": {
                            "query": { "type": "string" },
                            "hits": { "type": "array", "items": { "$ref": "#/components/schemas/Hit" } }
                        }
                    }))
                }
            }},
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": answer("OpenAPI 3.1", json!({ "type": "object" })) }
            }}
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "properties": { "error": { "type": "string" } } },
                "Span": { "type": "object", "description": "Byte offsets into the article body (paragraphs joined by a blank line)",
                          "properties": { "start": { "type": "integer" }, "end": { "type": "integer" } } },
                "NamedSpan": { "type": "object", "properties": {
                    "kind": { "type": "string", "enum": ["paragraph", "mention", "quote", "speaker", "time", "claim", "brief"] },
                    "span": { "$ref": "#/components/schemas/Span" },
                    "text": { "type": "string" },
                    "about": { "type": "string" } } },
                "StorySummary": { "type": "object", "properties": {
                    "id": { "type": "string" }, "headline": { "type": "string" },
                    "articles": { "type": "integer" },
                    "sources": { "type": "array", "items": { "type": "string" } },
                    "first_published": { "type": ["string", "null"] },
                    "last_published": { "type": ["string", "null"] } } },
                "StoryPage": { "type": "object", "properties": {
                    "total": { "type": "integer" }, "offset": { "type": "integer" },
                    "items": { "type": "array", "items": { "$ref": "#/components/schemas/StorySummary" } } } },
                "Hit": { "type": "object", "properties": {
                    "kind": { "type": "string", "enum": ["article", "claim"] },
                    "article": { "type": ["string", "null"] }, "story": { "type": ["string", "null"] },
                    "claim": { "type": ["string", "null"] }, "title": { "type": "string" },
                    "snippet": { "type": "string" },
                    "highlights": { "type": "array", "items": { "$ref": "#/components/schemas/Span" },
                                    "description": "Byte ranges of the matches inside snippet" },
                    "score": { "type": "number" } } },
                "Outcome": { "type": "object", "properties": {
                    "input": { "type": "string" },
                    "status": { "type": "string", "enum": ["added", "duplicate", "already-stored", "error"] },
                    "article": { "type": "string" }, "story": { "type": "string" },
                    "duplicate_of": { "type": "string" }, "error": { "type": "string" } } }
            }
        }
    })
}
