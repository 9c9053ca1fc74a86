/**
 * The demo's host app installations: a Zendesk app installation (`northwind:1001`) and a
 * Pipedrive company (`7001`) bound to Northwind, so the host simulators (`/examples/hosts/…`)
 * can sign in the way the real hosts do. The demo server plays each host's signing side
 * (`/dev/hosts/…`), so the Zendesk key pair and the Pipedrive secret are here in the open:
 * demo material, registered only by the demo seed — never use them for a real installation.
 */
export const demoHosts = {
  zendesk: {
    subdomain: 'northwind',
    installationId: '1001',
    /** The installation as `register-host` names it. */
    id: 'northwind:1001',
    privateKey: `
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCtMzZwEUxIXdQQ
sHD+piuj2bcp2yKXvPNzFWxexm51RxmpdFjnw88SfO+u3MSimN4XxBsT4diUSjIh
UlMat01SGTw5Kbg1LI1svCReTEc/yggn6r/6O2P3m8V/lI/S7uGAvP0kagcE4EzP
MGga6ouXmaos1MxrCBd2GX35iCY+tj0w+KrPB8qtMcmgbulaPyaQGq4RQnid7/js
oRxCz2DYtAaMPzW4+fN9GlnpCAeGsaYmFkd7+QzHC9ZaMXH7JBMjJA3x7YO0vaNs
OLUVSMK7UiUqfyvOO6EGdw+Zt1ScEz8wAGIwmBO7r1dK1ISUNC8MkA/CwogH0dfu
q8iC2awDAgMBAAECggEACf7VdUSSS0Ta9bbxC8kpkJRXzTsVH9Oq6xPWmWZIk/fC
o98P4xmPoZNYk8CwOmqpuo5kj6euLj9VQvYIz2xlB8gRYS0msS7n3y7BHI4ODeuK
FUpSF6NbeBE4eyM8Okyd8qY1fRH/Y158daKSB3z3Xww3tXb3GyAwQRkPMO+Utsle
M697+HmnpiiLsRxfnVI6gOjDo9f7lUfhDUhsmsZW9LeYFnkePNYordBDgtZS05rz
W0Tz0LBYCn9OVhZvD6ESR1gsgY7w4cV6j3QsNjsoZUh6qrbqEzAPo6Y3BSz9rIEq
s++L85PxrPdPKhnjyeDSrkaYAhTHFEYfNcChaJVbmQKBgQDo0E8/Yn0YdjFosBTm
ZY44Zoi02XQgA3zbS7dTRWmap9fiz+DNaUQdqFiD4EjiO87zvZ5Ibxpkt0r7Izj+
u5qb3PtSPXkf08ALUHQPtOY8AAlamwVWtVK4ZRrF/bqO/2GbMnVlBfS+v2dcWEWW
mFLw31lGKWjL2oZacyEs2vJWiQKBgQC+cwaliQSRWshvW1BRMvNMDmMtMY8wTQ2e
2lXO9I6YiGLKquz5UhBRuJTB+yFhg+/6LJ0DzSHuopBB+CmAUZD8PN3k0dtG6twR
LkxhE5TO98gW7lrhWlSZAYebPwIvioULQtkMxWMAc5+/vVHOJz9vcgVYnn91jecz
++hXo7NLKwKBgGhNUwOxqxu3cAFXybVC0EmiXiKvvV/OUDSrIlGzKlG4Wnbp7Ov5
+iNTVXyXke+RHfGDBROseuWeXIBQ0msFP4oOoaXBlq9UnZg0DhsvT2qYFZi7FNQ4
3ftwiGMlflwsO91c6M0+stx2QedUQLDsQ1RYq9VMHgAeQczqAXXoDWQJAoGAFWQU
Dgm6wpzAwIkwFz6yxwsippPXcmRlMD9zveAIGCfReNQD8+j8vkEOLE+Jq0tHbAEQ
zbl/oy8NJuu5tZjzwPERNz8+8tM0TpW1rH2njCuWhMTW3lLoB5t9YLmOBEr5sI8c
k+ujuAxEmCOqiY4s+NaEtTRwOoLqwhL8QMO5QqsCgYEAjJcMSIAi/kcJzGgNcMZV
DCoc24fecUxZ9OhXMT1DGUrBQwh45TaQMx9tB9sj2rzOAOJf1A+BLYUyr3ArPY+t
df2w1IcktlioAC/ESd9wU7GCN0Zpj6v+uUzYVYmBzneqxzYaMZUd5JgVTMbYU2Zz
9I+dvuRy5nZstNwAyfdABbw=
-----END PRIVATE KEY-----
`.trim(),
    publicKey: `
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArTM2cBFMSF3UELBw/qYr
o9m3Kdsil7zzcxVsXsZudUcZqXRY58PPEnzvrtzEopjeF8QbE+HYlEoyIVJTGrdN
Uhk8OSm4NSyNbLwkXkxHP8oIJ+q/+jtj95vFf5SP0u7hgLz9JGoHBOBMzzBoGuqL
l5mqLNTMawgXdhl9+YgmPrY9MPiqzwfKrTHJoG7pWj8mkBquEUJ4ne/47KEcQs9g
2LQGjD81uPnzfRpZ6QgHhrGmJhZHe/kMxwvWWjFx+yQTIyQN8e2DtL2jbDi1FUjC
u1IlKn8rzjuhBncPmbdUnBM/MABiMJgTu69XStSElDQvDJAPwsKIB9HX7qvIgtms
AwIDAQAB
-----END PUBLIC KEY-----
`.trim(),
  },
  pipedrive: {
    companyId: '7001',
    id: '7001',
    secret: 'demo-pipedrive-panel-secret-0123456789',
  },
} as const;
