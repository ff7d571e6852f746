//! Posting the reminder on the desktop: through the freedesktop notification service on
//! the session bus (notify-rust over zbus), or Notification Center on macOS (osascript).

/// Why nothing could be shown; the caller says so on stderr and still exits 0, since a
/// timer has no one to report a failure to.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NoService(pub String);

#[cfg(all(unix, not(target_os = "macos")))]
pub fn post(summary: &str, body: &str) -> Result<(), NoService> {
    notify_rust::Notification::new()
        .appname("knead")
        .summary(summary)
        .body(body)
        .show()
        .map(|_| ())
        .map_err(|e| NoService(e.to_string()))
}

#[cfg(target_os = "macos")]
pub fn post(summary: &str, body: &str) -> Result<(), NoService> {
    // AppleScript string literals: a backslash and a double quote are escaped.
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let script = format!(
        "display notification {} with title {}",
        quote(body),
        quote(summary)
    );
    let status = std::process::Command::new("osascript")
        .args(["-e", &script])
        .status()
        .map_err(|e| NoService(format!("cannot run osascript: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(NoService(format!("osascript failed ({status})")))
    }
}

#[cfg(not(unix))]
pub fn post(_summary: &str, _body: &str) -> Result<(), NoService> {
    Err(NoService(
        "desktop notifications are not supported on this system".into(),
    ))
}
