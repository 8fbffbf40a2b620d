import { LoginFailure } from './login-failure.entity';
import { ProgrammeCoordinator } from './programme-coordinator.entity';
import { StaffSession } from './staff-session.entity';
import { StaffAudit } from './staff-audit.entity';
import { StaffUser } from './staff-user.entity';
import { ThreadView } from './thread-view.entity';

export { LoginFailure, ProgrammeCoordinator, StaffAudit, StaffSession, StaffUser, ThreadView };
export const ADMIN_ENTITIES = [StaffUser, StaffSession, LoginFailure, ThreadView, StaffAudit, ProgrammeCoordinator];
