import { LoginFailure } from './login-failure.entity';
import { StaffSession } from './staff-session.entity';
import { StaffUser } from './staff-user.entity';
import { ThreadView } from './thread-view.entity';

export { LoginFailure, StaffSession, StaffUser, ThreadView };
export const ADMIN_ENTITIES = [StaffUser, StaffSession, LoginFailure, ThreadView];
