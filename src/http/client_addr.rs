//! The client's address, for per-client attempt limits. Behind the shipped ingress every
//! connection comes from the proxy, so the peer address alone would count everyone as one client.
//! Only when the peer is a configured trusted proxy (`STORYVAULT_TRUSTED_PROXIES`) is
//! `X-Forwarded-For` read, and then the right-most address that is not itself a trusted proxy is
//! the client: anything to its left was written by the client and proves nothing.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::web;

/// The proxies whose `X-Forwarded-For` is believed. Empty: the header is ignored.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl TrustedProxies {
    /// A comma- or space-separated list of IP addresses.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpAddr>()
                    .map_err(|_| format!("`{s}` is not an IP address"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip)
    }

    /// The client address of a request from `peer` carrying these `X-Forwarded-For` values.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: &[&str]) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops: Vec<&str> = forwarded_for
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if self.trusts(ip) => continue,
                Ok(ip) => return Some(ip),
                // A garbled hop: whatever is left of it cannot be trusted; count the last good one.
                Err(_) => return Some(peer),
            }
        }
        Some(peer)
    }
}

/// The client address of `req` as text (empty when unknown).
pub fn client_key(req: &HttpRequest) -> String {
    let proxies = req
        .app_data::<web::Data<TrustedProxies>>()
        .map(|p| p.get_ref().clone())
        .unwrap_or_default();
    let headers: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    proxies
        .client(req.peer_addr().map(|a| a.ip()), &headers)
        .map(|ip| ip.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let p = TrustedProxies::default();
        assert_eq!(p.client(ip("10.0.0.1"), &["1.2.3.4"]), ip("10.0.0.1"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let p = TrustedProxies::parse("10.0.0.1, 10.0.0.2").unwrap_or_default();
        let headers = ["6.6.6.6, 1.2.3.4", "10.0.0.2"];
        assert_eq!(p.client(ip("10.0.0.1"), &headers), ip("1.2.3.4"));
    }

    #[test]
    fn a_peer_that_is_not_trusted_is_the_client_whatever_it_claims() {
        let p = TrustedProxies::parse("10.0.0.1").unwrap_or_default();
        assert_eq!(p.client(ip("9.9.9.9"), &["1.2.3.4"]), ip("9.9.9.9"));
    }

    #[test]
    fn a_bad_list_names_the_entry() {
        assert!(TrustedProxies::parse("10.0.0.1, nope").is_err());
    }
}
