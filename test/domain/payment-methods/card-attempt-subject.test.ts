// Who a declined card attempt counts against: a workspace, an IPv4 address, or an IPv6 client's /64.
import { describe, expect, it } from 'vitest';
import { clientAddressSubject, workspaceSubject } from '../../../src/domain/payment-methods/card-attempt-subject.ts';

describe('card attempt subject', () => {
  it('names a workspace by its id', () => {
    expect(workspaceSubject('ws_01')).toBe('workspace:ws_01');
  });

  it('counts an IPv4 client by its address, also when the socket reports it IPv4-mapped', () => {
    expect(clientAddressSubject('203.0.113.7')).toBe('address:203.0.113.7');
    expect(clientAddressSubject('::ffff:203.0.113.7')).toBe('address:203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one client', () => {
    const subjects = [
      '2001:db8:1:2::1',
      '2001:DB8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:0:0:0:9',
      '2001:db8:1:2::a%eth0',
    ];
    expect(new Set(subjects.map(clientAddressSubject))).toEqual(new Set(['address:2001:db8:1:2::/64']));
  });

  it('keeps other /64 networks apart and writes out compressed groups', () => {
    expect(clientAddressSubject('2001:db8:1:3::1')).toBe('address:2001:db8:1:3::/64');
    expect(clientAddressSubject('2001:db8::1')).toBe('address:2001:db8:0:0::/64');
    expect(clientAddressSubject('::1')).toBe('address:0:0:0:0::/64');
  });
});
