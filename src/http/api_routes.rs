//! Which methods each API path takes, read from the OpenAPI document, so that a request for a
//! path of the API with a method it does not take is answered 405 with `Allow` (RFC 9110), and a
//! path that is not in the API 404. Both are JSON errors.

use utoipa::openapi::OpenApi;

/// One path template of the document, split in segments (`None` for a `{parameter}`), with the
/// methods it takes.
struct Template {
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

pub struct ApiRoutes(Vec<Template>);

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

impl ApiRoutes {
    pub fn of(document: &OpenApi) -> Self {
        let doc = serde_json::to_value(document).unwrap_or_default();
        let templates = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, item)| Template {
                segments: path
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_string()))
                    .collect(),
                methods: METHODS
                    .into_iter()
                    .filter(|m| item.get(*m).is_some())
                    .collect(),
            })
            .collect();
        Self(templates)
    }

    /// The `Allow` value for a path of the API (`GET, DELETE`), or `None` for a path that is not
    /// one. Where templates overlap (`/feed/overview`, `/feed/{id}`) their methods add up.
    pub fn allow(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut methods: Vec<&str> = Vec::new();
        for template in &self.0 {
            let matches = template.segments.len() == segments.len()
                && template
                    .segments
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| match t {
                        Some(fixed) => fixed == s,
                        None => !s.is_empty(),
                    });
            if matches {
                methods.extend(template.methods.iter().copied());
            }
        }
        if methods.is_empty() {
            return None;
        }
        let allow: Vec<String> = METHODS
            .into_iter()
            .filter(|m| methods.contains(m))
            .map(str::to_uppercase)
            .collect();
        Some(allow.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_name_their_methods_and_other_paths_none() {
        let routes = ApiRoutes::of(&super::super::openapi_document());
        assert_eq!(routes.allow("/api/v1/sessions").as_deref(), Some("POST"));
        assert_eq!(
            routes.allow("/api/v1/stories/abc").as_deref(),
            Some("GET, DELETE")
        );
        assert_eq!(
            routes.allow("/api/v1/feed/overview").as_deref(),
            Some("GET")
        );
        assert_eq!(routes.allow("/api/v1/stories/"), None);
        assert_eq!(routes.allow("/api/v1/nothing"), None);
        assert_eq!(routes.allow("/"), None);
    }
}
