package tim

// Site is a Tencent Cloud IM data centre; it picks the WebSocket hosts.
type Site int

// Sites, as tim-js-sdk 2.27.6 knows them (js-api-surface.md Appendix B).
const (
	SiteChina Site = iota
	SiteOversea
	SiteSingapore
	SiteKorea
	SiteGermany
	SiteIndia
	SiteJapan
	SiteUSA
)

// siteHosts lists each site's DEFAULT and BACKUP hosts. tim-js-sdk also has
// an anycast IP for browsers in China, which a Go client does not use.
var siteHosts = map[Site][2]string{
	SiteChina:     {"wss://wss.im.qcloud.com", "wss://wss.tim.qq.com"},
	SiteOversea:   {"wss://wss.im.qcloud.com", "wss://wss.my-imcloud.com"},
	SiteSingapore: {"wss://wsssgp.im.qcloud.com", "wss://wsssgp.my-imcloud.com"},
	SiteKorea:     {"wss://wsskr.im.qcloud.com", "wss://wsskr.my-imcloud.com"},
	SiteGermany:   {"wss://wssger.im.qcloud.com", "wss://wssger.my-imcloud.com"},
	SiteIndia:     {"wss://wssind.my-imcloud.com", "wss://wssind.im.qcloud.com"},
	SiteJapan:     {"wss://wssjpn.im.qcloud.com", "wss://wssjpn.my-imcloud.com"},
	SiteUSA:       {"wss://wssusa.im.qcloud.com", "wss://wssusa.my-imcloud.com"},
}

// SiteOf is the site tim-js-sdk picks: by SDKAppID range (20000000–79999999
// and 1720000000–1779999999 are the regional sites, ten million each),
// otherwise China, or Oversea when oversea is set.
func SiteOf(sdkAppID uint64, oversea bool) Site {
	regional := [...]Site{SiteSingapore, SiteKorea, SiteGermany, SiteIndia, SiteJapan, SiteUSA}
	for i, s := range regional {
		lo := uint64(20000000 + 10000000*i)
		hi := uint64(1720000000 + 10000000*i)
		if sdkAppID >= lo && sdkAppID < lo+10000000 || sdkAppID >= hi && sdkAppID < hi+10000000 {
			return s
		}
	}
	if oversea {
		return SiteOversea
	}
	return SiteChina
}

// Hosts returns the site's DEFAULT and BACKUP WebSocket URLs; a reconnect
// moves DEFAULT → BACKUP → DEFAULT.
func (s Site) Hosts() []string {
	h, ok := siteHosts[s]
	if !ok {
		h = siteHosts[SiteChina]
	}
	return []string{h[0], h[1]}
}

// urls is the connection's host list: the proxy alone, or the site's pair.
func (o *options) urls(sdkAppID uint64) []string {
	if o.proxyServer != "" {
		return []string{o.proxyServer}
	}
	s := o.site
	if !o.siteSet {
		s = SiteOf(sdkAppID, o.oversea)
	}
	return s.Hosts()
}
