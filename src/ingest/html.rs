//! Placeholder replaced by the HTML module.
/// Removes control characters.
pub fn sanitize(s: &str) -> String {
    s.replace("\r\n", "\n")
}
