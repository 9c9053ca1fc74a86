/**
 * Answers shared by the contact mapper's tests and stories (msw handlers; never imported by
 * the component itself).
 */
import { http, HttpResponse } from 'msw';

/**
 * POST /v1/customers refused by rules the contract's schema does not know (a VAT number's
 * checksum, a country's postcode format): a 400 with field issues, as the server sends them.
 */
export const refuseCustomerFields = () =>
  http.post('/v1/customers', () =>
    HttpResponse.json(
      {
        error: {
          code: 'bad_request',
          message: 'The customer has invalid fields.',
          issues: [
            { path: ['taxId'], message: 'Not a valid VAT number for GB' },
            { path: ['billingAddress', 'postalCode'], message: 'Not a UK postcode' },
          ],
        },
      },
      { status: 400 },
    ),
  );
