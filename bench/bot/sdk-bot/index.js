// Minimal Teams bot on the official Bot Framework JavaScript SDK (botbuilder 4.23.3): the comparison point of
// bench/bot. CloudAdapter + ConfigurationBotFrameworkAuthentication validate inbound tokens exactly as a real
// SDK bot does (issuer, audience = MicrosoftAppId, signature from the OpenID metadata's JWKS, endorsements for the
// channel, serviceurl claim), against the loopback metadata given in BENCH_OPENID_METADATA_URL.
// Plain Node http server (no restify/express): the adapter needs req.body parsed and an express-like res.
'use strict';

const http = require('node:http');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, CallerIdConstants } = require('botbuilder');
const { AuthenticationConstants } = require('botframework-connector');

const port = Number(process.env.PORT || 3979);
const appId = process.env.MicrosoftAppId;
const metadataUrl = process.env.BENCH_OPENID_METADATA_URL;
if (!appId || !metadataUrl) {
  console.error('MicrosoftAppId and BENCH_OPENID_METADATA_URL are required');
  process.exit(2);
}

// Setting any of these URLs makes the SDK build a "parameterized" (custom cloud) authentication, which takes every
// value from here: so the public cloud's values are passed explicitly, with only the OpenID metadata URL changed.
const auth = new ConfigurationBotFrameworkAuthentication({
  MicrosoftAppId: appId,
  MicrosoftAppType: 'MultiTenant',
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer, // https://api.botframework.com
  OAuthUrl: AuthenticationConstants.OAuthUrl,
  ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  CallerId: CallerIdConstants.PublicAzureChannel,
});
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  console.error('turn error', error);
};

const card = (caseId) => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: `Case ${caseId}`, weight: 'Bolder', size: 'Medium' },
    { type: 'TextBlock', text: 'Refreshed.', wrap: true },
  ],
});

async function logic(context) {
  const activity = context.activity;
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const caseId = activity.value?.action?.data?.caseId ?? 0;
    await context.sendActivity({
      type: 'invokeResponse',
      value: {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card(caseId) },
      },
    });
  }
}

// The express-like surface CloudAdapter.process checks for: status, header, send, end.
function wrap(res) {
  res.status = (code) => { res.statusCode = code; return res; };
  res.header = (name, value) => { res.setHeader(name, value); return res; };
  res.send = (body) => {
    if (body === undefined || body === null) return res;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (typeof body !== 'string') res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.write(text);
    return res;
  };
  return res;
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.statusCode = 404;
    res.end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 262144) { res.statusCode = 413; res.end(); req.destroy(); return; }
    chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    adapter.process(req, wrap(res), logic).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
});
server.keepAliveTimeout = 60000;
server.listen(port, '127.0.0.1', () => console.log(`sdk bot listening on http://127.0.0.1:${port}/api/messages`));
