/** The lead every HTTP scoring benchmark sends: the contract's cash, 28-day, £1.2m Rightmove buyer. */
export const BENCH_LEAD = {
  full_name: 'James Wilson',
  email: 'james@buyer.com',
  phone: '+44 7700 900001',
  budget: '1200000',
  payment_method: 'cash',
  timeline: '28 days',
  source: 'Rightmove',
};
