// The member as the API shows it (members.queries.ts loads it with its user).

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}
