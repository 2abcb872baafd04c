//! Optional e-mail to moderators about a new comment, through a configured SMTP relay.
//! Sent from a background task with a timeout: a missing or failing server never blocks
//! or fails a comment. A tiny hand-written client: plain SMTP (no TLS, no AUTH), meant
//! for a relay on the same host or network (such as the local MTA on port 25).

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::config::SmtpConfig;
use super::store::NewComment;
use crate::encoding::base64;

/// Queues a notice about comment `id`, if SMTP is configured. Returns at once.
pub fn new_comment(smtp: &SmtpConfig, id: i64, c: &NewComment) {
    if smtp.host.is_empty() || smtp.to.is_empty() || smtp.from.is_empty() {
        return;
    }
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let smtp = smtp.clone();
    let subject = format!("[sala] new comment #{id} on {}", c.page);
    let mut text = format!(
        "A new comment waits for moderation.\r\n\r\nPage: {}\r\nName: {}\r\nTime: {}\r\n\r\n",
        c.page, c.name, c.created
    );
    let excerpt: String = c.body.chars().take(500).collect();
    text.push_str(&excerpt);
    if !smtp.admin_url.is_empty() {
        text.push_str(&format!("\r\n\r\nModerate: {}\r\n", smtp.admin_url));
    }
    handle.spawn(async move {
        match tokio::time::timeout(Duration::from_secs(20), send(&smtp, &subject, &text)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("sala comments: moderator e-mail not sent: {e:#}"),
            Err(_) => eprintln!("sala comments: moderator e-mail not sent: timed out"),
        }
    });
}

/// No CR or LF may reach a header or an envelope command.
fn one_line(s: &str) -> String {
    s.chars().filter(|c| *c != '\r' && *c != '\n').collect()
}

/// Sends one message. Public for tests against a fake server.
pub async fn send(smtp: &SmtpConfig, subject: &str, text: &str) -> anyhow::Result<()> {
    let port = if smtp.port == 0 { 25 } else { smtp.port };
    let stream = TcpStream::connect((smtp.host.as_str(), port)).await?;
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    expect(&mut r, 220).await?;
    command(&mut r, &mut w, "HELO sala-comments", 250).await?;
    command(
        &mut r,
        &mut w,
        &format!("MAIL FROM:<{}>", one_line(&smtp.from)),
        250,
    )
    .await?;
    for to in &smtp.to {
        command(&mut r, &mut w, &format!("RCPT TO:<{}>", one_line(to)), 250).await?;
    }
    command(&mut r, &mut w, "DATA", 354).await?;
    let date = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default();
    let mut msg = format!(
        "From: {}\r\nTo: {}\r\nSubject: =?UTF-8?B?{}?=\r\nDate: {date}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
        one_line(&smtp.from),
        one_line(&smtp.to.join(", ")),
        base64(one_line(subject).as_bytes()),
    );
    for line in text.replace("\r\n", "\n").split('\n') {
        // Dot-stuffing, so a line with a single "." cannot end the message early.
        if line.starts_with('.') {
            msg.push('.');
        }
        msg.push_str(line.trim_end_matches('\r'));
        msg.push_str("\r\n");
    }
    msg.push_str(".\r\n");
    w.write_all(msg.as_bytes()).await?;
    expect(&mut r, 250).await?;
    let _ = command(&mut r, &mut w, "QUIT", 221).await;
    Ok(())
}

async fn command<R: tokio::io::AsyncBufRead + Unpin>(
    r: &mut R,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
    line: &str,
    code: u16,
) -> anyhow::Result<()> {
    w.write_all(format!("{line}\r\n").as_bytes()).await?;
    expect(r, code).await
}

/// Reads a (possibly multi-line) reply and checks its code.
async fn expect<R: tokio::io::AsyncBufRead + Unpin>(r: &mut R, code: u16) -> anyhow::Result<()> {
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            anyhow::bail!("the SMTP server closed the connection");
        }
        let got: u16 = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        if got != code {
            anyhow::bail!("the SMTP server answered {}", one_line(line.trim()));
        }
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"f"), "Zg==");
    }
}
